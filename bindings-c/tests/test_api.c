/* The C API end to end: scan, mask, tokenize, streams, errors, bad input. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "leaksift.h"
#include "check.h"

#define MAX_FOUND 64

typedef struct {
  leaksift_finding items[MAX_FOUND];
  size_t count;
  size_t stop_after; /* 0: never stop */
} found_t;

/* Field by field: the struct's tail padding is not guaranteed to hold any
 * particular bytes, so memcmp of two copies may differ. */
static bool same_findings(const leaksift_finding *a, const leaksift_finding *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (a[i].kind != b[i].kind || a[i].subkind != b[i].subkind || a[i].start != b[i].start ||
        a[i].end != b[i].end || a[i].confidence != b[i].confidence ||
        a[i].provenance != b[i].provenance || a[i].synthetic_reason != b[i].synthetic_reason)
      return false;
  return true;
}

static bool collect(const leaksift_finding *f, void *userdata) {
  found_t *found = userdata;
  CHECK(found->count < MAX_FOUND);
  found->items[found->count++] = *f;
  return found->stop_after == 0 || found->count < found->stop_after;
}

typedef struct {
  uint8_t data[8192];
  size_t len;
} sink_t;

static bool append(const uint8_t *data, size_t len, void *userdata) {
  sink_t *sink = userdata;
  CHECK(sink->len + len <= sizeof sink->data);
  memcpy(sink->data + sink->len, data, len);
  sink->len += len;
  return true;
}

static bool refuse(const uint8_t *data, size_t len, void *userdata) {
  (void)data;
  (void)len;
  (void)userdata;
  return false;
}

static const char RECORD[] =
    "{\"card\":\"4111 1111 1111 1111\",\"cvv\":\"123\",\"note\":\"ok\"}";

static void test_names_and_version(void) {
  CHECK(strcmp(leaksift_kind_name(LEAKSIFT_KIND_PAN), "pan") == 0);
  CHECK(strcmp(leaksift_kind_name(LEAKSIFT_KIND_CVV), "cvv") == 0);
  CHECK(strcmp(leaksift_kind_name(LEAKSIFT_KIND_TRACK_DATA), "track_data") == 0);
  CHECK(strcmp(leaksift_kind_name(LEAKSIFT_KIND_UNKNOWN), "") == 0);
  CHECK(strcmp(leaksift_kind_name(9999), "") == 0);
  CHECK(strcmp(leaksift_subkind_name(LEAKSIFT_SUBKIND_VISA), "visa") == 0);
  CHECK(strcmp(leaksift_subkind_name(LEAKSIFT_SUBKIND_NONE), "") == 0);
  CHECK(strcmp(leaksift_status_name(LEAKSIFT_OK), "LEAKSIFT_OK") == 0);
  CHECK(strcmp(leaksift_status_name(12345), "LEAKSIFT_UNKNOWN_STATUS") == 0);
  CHECK(LEAKSIFT_OK == 0);
  const char *version = leaksift_version();
  CHECK(version != NULL && strchr(version, '.') != NULL);
}

static void test_scan(const leaksift_scanner *scanner) {
  found_t found = {0};
  CHECK_STATUS(leaksift_scan(scanner, (const uint8_t *)RECORD, strlen(RECORD),
                             collect, &found),
               LEAKSIFT_OK);
  CHECK(found.count == 2);
  CHECK(found.items[0].kind == LEAKSIFT_KIND_PAN);
  CHECK(found.items[0].subkind == LEAKSIFT_SUBKIND_VISA);
  CHECK(memcmp(RECORD + found.items[0].start, "4111 1111 1111 1111",
               found.items[0].end - found.items[0].start) == 0);
  CHECK(found.items[0].confidence <= 100);
  CHECK(found.items[0].provenance <= LEAKSIFT_PROVENANCE_SYNTHETIC);
  CHECK(found.items[1].kind == LEAKSIFT_KIND_CVV);
  CHECK(memcmp(RECORD + found.items[1].start, "123", 3) == 0);

  /* Returning false stops the scan; still LEAKSIFT_OK. */
  found_t first = {.stop_after = 1};
  CHECK_STATUS(leaksift_scan(scanner, (const uint8_t *)RECORD, strlen(RECORD),
                             collect, &first),
               LEAKSIFT_OK);
  CHECK(first.count == 1);

  /* Empty input, with or without a pointer. */
  found_t none = {0};
  CHECK_STATUS(leaksift_scan(scanner, NULL, 0, collect, &none), LEAKSIFT_OK);
  CHECK_STATUS(leaksift_scan(scanner, (const uint8_t *)"", 0, collect, &none),
               LEAKSIFT_OK);
  CHECK(none.count == 0);
}

static void test_options(void) {
  leaksift_options opts;
  CHECK_STATUS(leaksift_options_init(&opts), LEAKSIFT_OK);
  CHECK(opts.detectors == LEAKSIFT_DETECTOR_ALL);
  CHECK(opts.min_confidence == 50 && opts.context_window == 32);

  opts.detectors = LEAKSIFT_DETECTOR_CVV;
  leaksift_scanner *cvv_only = NULL;
  CHECK_STATUS(leaksift_scanner_new(&opts, &cvv_only), LEAKSIFT_OK);
  found_t found = {0};
  CHECK_STATUS(leaksift_scan(cvv_only, (const uint8_t *)RECORD, strlen(RECORD),
                             collect, &found),
               LEAKSIFT_OK);
  CHECK(found.count == 1 && found.items[0].kind == LEAKSIFT_KIND_CVV);
  leaksift_scanner_free(cvv_only);

  leaksift_scanner *bad = (leaksift_scanner *)&opts; /* must be reset to NULL */
  opts.detectors = 1u << 20;
  CHECK_STATUS(leaksift_scanner_new(&opts, &bad), LEAKSIFT_INVALID_ARGUMENT);
  CHECK(bad == NULL);
  char msg[128];
  size_t n = leaksift_last_error_message(msg, sizeof msg);
  CHECK(n > 0 && strstr(msg, "detectors") != NULL);
  CHECK(leaksift_last_error_message(NULL, 0) == n);
  /* Truncation keeps a NUL. */
  char tiny[4];
  CHECK(leaksift_last_error_message(tiny, sizeof tiny) == n);
  CHECK(strlen(tiny) == 3);

  CHECK_STATUS(leaksift_options_init(&opts), LEAKSIFT_OK);
  opts.min_confidence = 101;
  CHECK_STATUS(leaksift_scanner_new(&opts, &bad), LEAKSIFT_INVALID_ARGUMENT);
  opts.min_confidence = 1000;
  CHECK_STATUS(leaksift_scanner_new(&opts, &bad), LEAKSIFT_INVALID_ARGUMENT);
  CHECK_STATUS(leaksift_options_init(&opts), LEAKSIFT_OK);
  opts.context_window = 257;
  CHECK_STATUS(leaksift_scanner_new(&opts, &bad), LEAKSIFT_INVALID_ARGUMENT);
  CHECK(bad == NULL);
}

static void test_mask(const leaksift_scanner *scanner) {
  const char *in = "cvv=123 card=5555 5555 5555 4444";
  size_t len = strlen(in);
  uint8_t out[64];
  size_t out_len = 0;
  CHECK_STATUS(leaksift_mask(scanner, (const uint8_t *)in, len, out, sizeof out,
                             &out_len),
               LEAKSIFT_OK);
  CHECK(out_len == len);
  CHECK(memcmp(out, "cvv=*** card=**** **** **** 4444", len) == 0);

  /* Too small: needed size reported, nothing written. */
  uint8_t small[8];
  memset(small, 'z', sizeof small);
  out_len = 0;
  CHECK_STATUS(leaksift_mask(scanner, (const uint8_t *)in, len, small,
                             sizeof small, &out_len),
               LEAKSIFT_BUFFER_TOO_SMALL);
  CHECK(out_len == len);
  CHECK(small[0] == 'z');
  CHECK_STATUS(leaksift_mask(scanner, (const uint8_t *)in, len, NULL, 0, &out_len),
               LEAKSIFT_BUFFER_TOO_SMALL);
  CHECK(out_len == len);

  /* Empty input. */
  CHECK_STATUS(leaksift_mask(scanner, NULL, 0, NULL, 0, &out_len), LEAKSIFT_OK);
  CHECK(out_len == 0);

  /* In place. */
  char buf[64];
  strcpy(buf, in);
  CHECK_STATUS(leaksift_mask_in_place(scanner, (uint8_t *)buf, len), LEAKSIFT_OK);
  CHECK(memcmp(buf, out, len) == 0);
}

static void test_tokenize(void) {
  uint8_t key[32];
  for (size_t i = 0; i < sizeof key; i++) key[i] = (uint8_t)(7 * i + 1);
  const char *pan = "5555 5555 5555 4444";
  size_t len = strlen(pan);
  uint8_t token[32], back[32];
  size_t n = 0;
  CHECK_STATUS(leaksift_tokenize(key, sizeof key, LEAKSIFT_KIND_PAN,
                                 (const uint8_t *)pan, len, token, sizeof token, &n),
               LEAKSIFT_OK);
  CHECK(n == len);
  CHECK(memcmp(token, pan, len) != 0);
  CHECK(memcmp(token + len - 4, "4444", 4) == 0); /* last four kept */
  CHECK(token[4] == ' ');                          /* separators kept */
  CHECK_STATUS(leaksift_detokenize(key, sizeof key, LEAKSIFT_KIND_PAN, token, n,
                                   back, sizeof back, &n),
               LEAKSIFT_OK);
  CHECK(n == len && memcmp(back, pan, len) == 0);

  /* Deterministic; a 16-byte key works too and differs. */
  uint8_t again[32], other[32];
  CHECK_STATUS(leaksift_tokenize(key, sizeof key, LEAKSIFT_KIND_PAN,
                                 (const uint8_t *)pan, len, again, sizeof again, &n),
               LEAKSIFT_OK);
  CHECK(memcmp(again, token, len) == 0);
  CHECK_STATUS(leaksift_tokenize(key, 16, LEAKSIFT_KIND_PAN, (const uint8_t *)pan,
                                 len, other, sizeof other, &n),
               LEAKSIFT_OK);
  CHECK(memcmp(other, token, len) != 0);

  /* Invalid keys. */
  CHECK_STATUS(leaksift_tokenize(key, 15, LEAKSIFT_KIND_PAN, (const uint8_t *)pan,
                                 len, token, sizeof token, &n),
               LEAKSIFT_INVALID_KEY);
  CHECK_STATUS(leaksift_tokenize(key, 0, LEAKSIFT_KIND_PAN, (const uint8_t *)pan,
                                 len, token, sizeof token, &n),
               LEAKSIFT_INVALID_KEY);
  CHECK_STATUS(leaksift_tokenize(NULL, 32, LEAKSIFT_KIND_PAN, (const uint8_t *)pan,
                                 len, token, sizeof token, &n),
               LEAKSIFT_NULL_PARAMETER);
  /* CVVs are never tokenized. */
  CHECK_STATUS(leaksift_tokenize(key, sizeof key, LEAKSIFT_KIND_CVV,
                                 (const uint8_t *)"123", 3, token, sizeof token, &n),
               LEAKSIFT_NOT_ALLOWED);
  /* Unknown kind code. */
  CHECK_STATUS(leaksift_tokenize(key, sizeof key, 77, (const uint8_t *)pan, len,
                                 token, sizeof token, &n),
               LEAKSIFT_INVALID_ARGUMENT);
  /* Not a card number. */
  CHECK_STATUS(leaksift_tokenize(key, sizeof key, LEAKSIFT_KIND_PAN,
                                 (const uint8_t *)"12", 2, token, sizeof token, &n),
               LEAKSIFT_INVALID_VALUE);
  /* Output too small: needed size reported. */
  CHECK_STATUS(leaksift_tokenize(key, sizeof key, LEAKSIFT_KIND_PAN,
                                 (const uint8_t *)pan, len, token, 4, &n),
               LEAKSIFT_BUFFER_TOO_SMALL);
  CHECK(n == len);
  CHECK_STATUS(leaksift_tokenize(key, sizeof key, LEAKSIFT_KIND_PAN,
                                 (const uint8_t *)pan, len, token, sizeof token, NULL),
               LEAKSIFT_NULL_PARAMETER);
}

/* Regression (fuzz target capi): a bad key or an unknown kind code returned
 * before `out` was cleared, so a caller ignoring the status read whatever
 * the buffer held, e.g. the token of an earlier call. Every refusal with a
 * large enough `out` leaves `out[0..len]` zeroed, as documented. */
static int all_zero(const uint8_t *buf, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (buf[i] != 0) return 0;
  return 1;
}

static void test_tokenize_refusals_clear_out(void) {
  uint8_t key[32];
  for (size_t i = 0; i < sizeof key; i++) key[i] = (uint8_t)(3 * i + 5);
  const char *pan = "5555 5555 5555 4444";
  size_t len = strlen(pan);
  uint8_t out[32];
  size_t n = 0;
  struct {
    size_t key_len;
    leaksift_kind kind;
    const char *value;
    leaksift_status want;
  } refusals[] = {
      {15, LEAKSIFT_KIND_PAN, pan, LEAKSIFT_INVALID_KEY},
      {0, LEAKSIFT_KIND_PAN, pan, LEAKSIFT_INVALID_KEY},
      {sizeof key, 77, pan, LEAKSIFT_INVALID_ARGUMENT},
      {sizeof key, LEAKSIFT_KIND_CVV, "123", LEAKSIFT_NOT_ALLOWED},
      {sizeof key, LEAKSIFT_KIND_PAN, "12", LEAKSIFT_INVALID_VALUE},
  };
  for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
    size_t value_len = strlen(refusals[i].value);
    for (int detok = 0; detok < 2; detok++) {
      /* A stale token sits in `out` from an earlier call. */
      CHECK_STATUS(leaksift_tokenize(key, sizeof key, LEAKSIFT_KIND_PAN,
                                     (const uint8_t *)pan, len, out, sizeof out, &n),
                   LEAKSIFT_OK);
      CHECK(!all_zero(out, value_len));
      leaksift_status got =
          detok ? leaksift_detokenize(key, refusals[i].key_len, refusals[i].kind,
                                      (const uint8_t *)refusals[i].value, value_len,
                                      out, sizeof out, &n)
                : leaksift_tokenize(key, refusals[i].key_len, refusals[i].kind,
                                    (const uint8_t *)refusals[i].value, value_len,
                                    out, sizeof out, &n);
      CHECK_STATUS(got, refusals[i].want);
      CHECK(all_zero(out, value_len));
    }
  }
}

static void test_streams(const leaksift_scanner *scanner) {
  /* Findings of a stream fed in 3-byte chunks equal a one-shot scan. */
  char input[2048];
  input[0] = 0;
  for (int i = 0; i < 12; i++)
    strcat(input, "x card 4111-1111-1111-1111 cvv: 123 ;5555555555554444=2712101? ");
  size_t len = strlen(input);
  static found_t whole, chunked;
  memset(&whole, 0, sizeof whole);
  memset(&chunked, 0, sizeof chunked);
  CHECK_STATUS(leaksift_scan(scanner, (const uint8_t *)input, len, collect, &whole),
               LEAKSIFT_OK);
  CHECK(whole.count >= 24);
  leaksift_stream *stream = NULL;
  CHECK_STATUS(leaksift_stream_new(scanner, &stream), LEAKSIFT_OK);
  for (size_t at = 0; at < len; at += 3) {
    size_t n = len - at < 3 ? len - at : 3;
    CHECK_STATUS(leaksift_stream_push(stream, (const uint8_t *)input + at, n,
                                      collect, &chunked),
                 LEAKSIFT_OK);
  }
  CHECK_STATUS(leaksift_stream_finish(stream, collect, &chunked), LEAKSIFT_OK);
  CHECK(chunked.count == whole.count);
  CHECK(same_findings(chunked.items, whole.items, whole.count));
  CHECK_STATUS(leaksift_stream_push(stream, NULL, 5, collect, &chunked),
               LEAKSIFT_NULL_PARAMETER);
  CHECK_STATUS(leaksift_stream_push(stream, (const uint8_t *)"a", 1, NULL, NULL),
               LEAKSIFT_NULL_PARAMETER);
  leaksift_stream_free(stream);

  /* A masking stream gives the one-shot mask, whatever the chunking. */
  static uint8_t expected[2048];
  size_t expected_len = 0;
  CHECK_STATUS(leaksift_mask(scanner, (const uint8_t *)input, len, expected,
                             sizeof expected, &expected_len),
               LEAKSIFT_OK);
  static const size_t chunks[] = {1, 7, 64, 4096};
  for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
    static sink_t sink;
    sink.len = 0;
    leaksift_mask_stream *ms = NULL;
    CHECK_STATUS(leaksift_mask_stream_new(scanner, &ms), LEAKSIFT_OK);
    for (size_t at = 0; at < len; at += chunks[c]) {
      size_t n = len - at < chunks[c] ? len - at : chunks[c];
      CHECK_STATUS(leaksift_mask_stream_push(ms, (const uint8_t *)input + at, n,
                                             append, &sink),
                   LEAKSIFT_OK);
    }
    CHECK_STATUS(leaksift_mask_stream_finish(ms, append, &sink), LEAKSIFT_OK);
    CHECK(sink.len == len);
    CHECK(memcmp(sink.data, expected, len) == 0);
    leaksift_mask_stream_free(ms);
  }

  /* A refusing output callback stops the stream. */
  leaksift_mask_stream *ms = NULL;
  CHECK_STATUS(leaksift_mask_stream_new(scanner, &ms), LEAKSIFT_OK);
  CHECK_STATUS(leaksift_mask_stream_push(ms, (const uint8_t *)input, len, refuse, NULL),
               LEAKSIFT_OK); /* nothing final yet: the callback is not called */
  CHECK_STATUS(leaksift_mask_stream_finish(ms, refuse, NULL), LEAKSIFT_STOPPED);
  CHECK_STATUS(leaksift_mask_stream_finish(ms, NULL, NULL), LEAKSIFT_NULL_PARAMETER);
  leaksift_mask_stream_free(ms);
}

static void test_null_parameters(const leaksift_scanner *scanner) {
  found_t found = {0};
  size_t n;
  uint8_t out[8];
  CHECK_STATUS(leaksift_scanner_new(NULL, NULL), LEAKSIFT_NULL_PARAMETER);
  CHECK_STATUS(leaksift_options_init(NULL), LEAKSIFT_NULL_PARAMETER);
  CHECK_STATUS(leaksift_scan(NULL, (const uint8_t *)"x", 1, collect, &found),
               LEAKSIFT_NULL_PARAMETER);
  CHECK_STATUS(leaksift_scan(scanner, NULL, 1, collect, &found),
               LEAKSIFT_NULL_PARAMETER);
  CHECK_STATUS(leaksift_scan(scanner, (const uint8_t *)"x", 1, NULL, NULL),
               LEAKSIFT_NULL_PARAMETER);
  CHECK_STATUS(leaksift_scan(scanner, (const uint8_t *)"x", SIZE_MAX, collect, &found),
               LEAKSIFT_INVALID_ARGUMENT);
  CHECK_STATUS(leaksift_mask(NULL, (const uint8_t *)"x", 1, out, sizeof out, &n),
               LEAKSIFT_NULL_PARAMETER);
  CHECK_STATUS(leaksift_mask(scanner, (const uint8_t *)"x", 1, out, sizeof out, NULL),
               LEAKSIFT_NULL_PARAMETER);
  CHECK_STATUS(leaksift_mask(scanner, NULL, 1, out, sizeof out, &n),
               LEAKSIFT_NULL_PARAMETER);
  CHECK_STATUS(leaksift_mask(scanner, (const uint8_t *)"x", 1, NULL, 8, &n),
               LEAKSIFT_NULL_PARAMETER);
  CHECK_STATUS(leaksift_mask_in_place(scanner, NULL, 3), LEAKSIFT_NULL_PARAMETER);
  CHECK_STATUS(leaksift_stream_new(NULL, NULL), LEAKSIFT_NULL_PARAMETER);
  leaksift_stream *stream = NULL;
  CHECK_STATUS(leaksift_stream_new(NULL, &stream), LEAKSIFT_NULL_PARAMETER);
  CHECK(stream == NULL);
  CHECK_STATUS(leaksift_stream_push(NULL, (const uint8_t *)"x", 1, collect, &found),
               LEAKSIFT_NULL_PARAMETER);
  CHECK_STATUS(leaksift_stream_finish(NULL, collect, &found), LEAKSIFT_NULL_PARAMETER);
  leaksift_mask_stream *ms = NULL;
  CHECK_STATUS(leaksift_mask_stream_new(NULL, &ms), LEAKSIFT_NULL_PARAMETER);
  CHECK_STATUS(leaksift_mask_stream_push(NULL, (const uint8_t *)"x", 1, append, NULL),
               LEAKSIFT_NULL_PARAMETER);
  /* Freeing NULL is fine. */
  leaksift_scanner_free(NULL);
  leaksift_stream_free(NULL);
  leaksift_mask_stream_free(NULL);
}

int main(void) {
  test_names_and_version();
  leaksift_scanner *scanner = NULL;
  CHECK_STATUS(leaksift_scanner_new(NULL, &scanner), LEAKSIFT_OK);
  CHECK(scanner != NULL);
  test_scan(scanner);
  test_options();
  test_mask(scanner);
  test_tokenize();
  test_tokenize_refusals_clear_out();
  test_streams(scanner);
  test_null_parameters(scanner);
  leaksift_scanner_free(scanner);
  puts("test_api: ok");
  return 0;
}
