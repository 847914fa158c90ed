/* leaksift-filter: a drop-in log scrubber. Reads stdin in chunks and writes
 * it to stdout with card numbers (all but the last four digits), security
 * codes and track data masked. The output equals masking the whole input at
 * once, whatever the chunk size: a card number split across two reads is
 * still found.
 *
 *   leaksift-filter [--chunk N] [--whole] < app.log > app.scrubbed.log
 *
 * --chunk N  read N bytes at a time (default 65536; tests use 7)
 * --whole    read everything, then mask it with one leaksift_mask call
 *            (the reference the streaming output is checked against)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leaksift.h"

static bool write_out(const uint8_t *data, size_t len, void *userdata) {
  (void)userdata;
  return fwrite(data, 1, len, stdout) == len;
}

static int fail(const char *what, leaksift_status status) {
  char message[256];
  leaksift_last_error_message(message, sizeof message);
  fprintf(stderr, "leaksift-filter: %s: %s (%s)\n", what, leaksift_status_name(status),
          message);
  return 1;
}

static int mask_whole(const leaksift_scanner *scanner) {
  size_t cap = 1 << 16, len = 0;
  uint8_t *in = malloc(cap);
  if (!in) return 1;
  size_t got;
  while ((got = fread(in + len, 1, cap - len, stdin)) > 0) {
    len += got;
    if (len == cap) {
      uint8_t *bigger = realloc(in, cap *= 2);
      if (!bigger) { free(in); return 1; }
      in = bigger;
    }
  }
  size_t out_len = 0;
  /* Ask for the size first (the buffer-too-small protocol), then mask. */
  leaksift_status status = leaksift_mask(scanner, in, len, NULL, 0, &out_len);
  if (status != LEAKSIFT_OK && status != LEAKSIFT_BUFFER_TOO_SMALL) {
    free(in);
    return fail("mask", status);
  }
  uint8_t *out = malloc(out_len ? out_len : 1);
  if (!out) { free(in); return 1; }
  status = leaksift_mask(scanner, in, len, out, out_len, &out_len);
  int rc = status == LEAKSIFT_OK ? (fwrite(out, 1, out_len, stdout) == out_len ? 0 : 1)
                                 : fail("mask", status);
  free(in);
  free(out);
  return rc;
}

static int mask_stream(const leaksift_scanner *scanner, size_t chunk) {
  leaksift_mask_stream *stream = NULL;
  leaksift_status status = leaksift_mask_stream_new(scanner, &stream);
  if (status != LEAKSIFT_OK) return fail("mask_stream_new", status);
  uint8_t *buf = malloc(chunk);
  int rc = 0;
  if (!buf) { leaksift_mask_stream_free(stream); return 1; }
  size_t got;
  while (rc == 0 && (got = fread(buf, 1, chunk, stdin)) > 0) {
    status = leaksift_mask_stream_push(stream, buf, got, write_out, NULL);
    if (status != LEAKSIFT_OK) rc = fail("mask_stream_push", status);
  }
  if (rc == 0 && ferror(stdin)) { perror("leaksift-filter: stdin"); rc = 1; }
  if (rc == 0) {
    status = leaksift_mask_stream_finish(stream, write_out, NULL);
    if (status != LEAKSIFT_OK) rc = fail("mask_stream_finish", status);
  }
  leaksift_mask_stream_free(stream);
  free(buf);
  return rc;
}

int main(int argc, char **argv) {
  size_t chunk = 1 << 16;
  int whole = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--whole") == 0) {
      whole = 1;
    } else if (strcmp(argv[i], "--chunk") == 0 && i + 1 < argc) {
      chunk = strtoul(argv[++i], NULL, 10);
      if (chunk == 0) { fprintf(stderr, "leaksift-filter: --chunk must be > 0\n"); return 2; }
    } else {
      fprintf(stderr, "usage: leaksift-filter [--chunk N] [--whole] < in > out\n");
      return 2;
    }
  }
  leaksift_scanner *scanner = NULL;
  leaksift_status status = leaksift_scanner_new(NULL, &scanner);
  if (status != LEAKSIFT_OK) return fail("scanner_new", status);
  int rc = whole ? mask_whole(scanner) : mask_stream(scanner, chunk);
  leaksift_scanner_free(scanner);
  if (fflush(stdout) != 0) rc = 1;
  return rc;
}
