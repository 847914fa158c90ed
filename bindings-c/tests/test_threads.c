/* One scanner shared by several threads at once (it is immutable): every
 * thread scans and masks the same buffer and must see the same results. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "leaksift.h"
#include "check.h"

#define THREADS 8
#define ROUNDS 50

static const leaksift_scanner *shared;
static uint8_t input[16384];
static size_t input_len;
static uint8_t expected_mask[sizeof input];
static size_t expected_count;

static bool count(const leaksift_finding *f, void *userdata) {
  (void)f;
  (*(size_t *)userdata)++;
  return true;
}

static void *worker(void *arg) {
  (void)arg;
  static _Thread_local uint8_t out[sizeof input];
  for (int round = 0; round < ROUNDS; round++) {
    size_t found = 0, out_len = 0;
    CHECK_STATUS(leaksift_scan(shared, input, input_len, count, &found), LEAKSIFT_OK);
    CHECK(found == expected_count);
    CHECK_STATUS(leaksift_mask(shared, input, input_len, out, sizeof out, &out_len),
                 LEAKSIFT_OK);
    CHECK(out_len == input_len && memcmp(out, expected_mask, input_len) == 0);
    /* Errors are per thread: this one must not leak into other threads. */
    CHECK_STATUS(leaksift_mask(shared, input, input_len, out, 1, &out_len),
                 LEAKSIFT_BUFFER_TOO_SMALL);
  }
  return NULL;
}

int main(void) {
  const char *line = "id=7 card=4111 1111 1111 1111 cvv=123 track=;5555555555554444=2712101? ";
  while (input_len + strlen(line) < sizeof input) {
    memcpy(input + input_len, line, strlen(line));
    input_len += strlen(line);
  }
  leaksift_scanner *scanner = NULL;
  CHECK_STATUS(leaksift_scanner_new(NULL, &scanner), LEAKSIFT_OK);
  shared = scanner;
  size_t out_len = 0;
  CHECK_STATUS(leaksift_scan(shared, input, input_len, count, &expected_count), LEAKSIFT_OK);
  CHECK(expected_count > 0);
  CHECK_STATUS(leaksift_mask(shared, input, input_len, expected_mask, sizeof expected_mask,
                             &out_len),
               LEAKSIFT_OK);
  pthread_t threads[THREADS];
  for (int i = 0; i < THREADS; i++) CHECK(pthread_create(&threads[i], NULL, worker, NULL) == 0);
  for (int i = 0; i < THREADS; i++) CHECK(pthread_join(threads[i], NULL) == 0);
  /* The main thread's last error is still its own (none). */
  CHECK(leaksift_last_error_message(NULL, 0) == 0);
  leaksift_scanner_free(scanner);
  printf("test_threads: ok (%d threads x %d rounds, %zu findings each)\n", THREADS, ROUNDS,
         expected_count);
  return 0;
}
