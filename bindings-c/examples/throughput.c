/* Throughput of the C API on a generated buffer (compare with
 * `cargo run --release -p leaksift-c --example core_throughput`, which times
 * the core on the same buffer). Usage: throughput [MiB] */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "leaksift.h"

/* Keep in step with examples/core_throughput.rs. */
static const char *const LINES[] = {
    "2026-11-23T10:00:00Z INFO request served path=/api/v1/orders status=200 bytes=5123\n",
    "2026-11-23T10:00:01Z DEBUG user=ann@example.com session=7f3a9c plan=pro items=3\n",
    "2026-11-23T10:00:02Z INFO payment card=4111 1111 1111 1111 cvv: 123 ok\n",
    "2026-11-23T10:00:03Z WARN retrying upstream after 250 ms (attempt 2 of 5)\n",
};

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static bool count(const leaksift_finding *f, void *userdata) {
  (void)f;
  (*(size_t *)userdata)++;
  return true;
}

int main(int argc, char **argv) {
  size_t mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 64;
  size_t len = mib << 20, at = 0;
  uint8_t *buf = malloc(len), *out = malloc(len);
  if (!buf || !out) return 1;
  /* Line i is LINES[0] except every 16th line, which cycles through the others. */
  for (size_t i = 0; at < len; i++) {
    const char *line = LINES[i % 16 == 0 ? 1 + (i / 16) % 3 : 0];
    size_t n = strlen(line);
    if (n > len - at) n = len - at;
    memcpy(buf + at, line, n);
    at += n;
  }
  leaksift_scanner *scanner = NULL;
  if (leaksift_scanner_new(NULL, &scanner) != LEAKSIFT_OK) return 1;
  double best_scan = 1e9, best_mask = 1e9;
  size_t found = 0, out_len = 0;
  for (int round = 0; round < 5; round++) {
    found = 0;
    double t0 = now();
    leaksift_scan(scanner, buf, len, count, &found);
    double t1 = now();
    leaksift_mask(scanner, buf, len, out, len, &out_len);
    double t2 = now();
    if (t1 - t0 < best_scan) best_scan = t1 - t0;
    if (t2 - t1 < best_mask) best_mask = t2 - t1;
  }
  printf("c api: %zu MiB, %zu findings; scan %.0f MiB/s, mask %.0f MiB/s (best of 5)\n", mib,
         found, (double)mib / best_scan, (double)mib / best_mask);
  leaksift_scanner_free(scanner);
  free(buf);
  free(out);
  return 0;
}
