/* The shared detection cases (testdata/cases.jsonl), the same file the Rust
 * and other binding tests read: every marked finding, and nothing else.
 * Usage: test_cases path/to/cases.jsonl
 *
 * Each line is {"name": "...", "text": "..."}; markers in the text are
 * U+27E6 kind[/subkind] '|' value U+27E7, possibly nested. The JSON reader
 * below handles exactly what that file needs: string escapes including
 * \uXXXX with surrogate pairs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "leaksift.h"
#include "check.h"

#define MAX_TEXT 65536
#define MAX_SPANS 64

typedef struct {
  uint32_t kind, subkind;
  size_t start, end;
} span_t;

static size_t put_utf8(uint8_t *out, uint32_t cp) {
  if (cp < 0x80) { out[0] = (uint8_t)cp; return 1; }
  if (cp < 0x800) {
    out[0] = (uint8_t)(0xC0 | (cp >> 6)); out[1] = (uint8_t)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (uint8_t)(0xE0 | (cp >> 12)); out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (uint8_t)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (uint8_t)(0xF0 | (cp >> 18)); out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F)); out[3] = (uint8_t)(0x80 | (cp & 0x3F));
  return 4;
}

static uint32_t hex4(const char *p) {
  char buf[5] = {p[0], p[1], p[2], p[3], 0};
  char *end;
  unsigned long v = strtoul(buf, &end, 16);
  CHECK(end == buf + 4);
  return (uint32_t)v;
}

/* Decodes the JSON string value of "key" in line into out; returns its length. */
static size_t json_string(const char *line, const char *key, uint8_t *out, size_t cap) {
  char pattern[64];
  snprintf(pattern, sizeof pattern, "\"%s\":", key);
  const char *p = strstr(line, pattern);
  CHECK(p != NULL);
  p += strlen(pattern);
  while (*p == ' ') p++;
  CHECK(*p == '"');
  p++;
  size_t n = 0;
  while (*p != '"') {
    CHECK(*p != 0 && n + 4 < cap);
    if (*p != '\\') { out[n++] = (uint8_t)*p++; continue; }
    p++;
    switch (*p) {
      case '"': case '\\': case '/': out[n++] = (uint8_t)*p; p++; break;
      case 'n': out[n++] = '\n'; p++; break;
      case 't': out[n++] = '\t'; p++; break;
      case 'r': out[n++] = '\r'; p++; break;
      case 'b': out[n++] = '\b'; p++; break;
      case 'f': out[n++] = '\f'; p++; break;
      case 'u': {
        uint32_t cp = hex4(p + 1);
        p += 5;
        if (cp >= 0xD800 && cp < 0xDC00 && p[0] == '\\' && p[1] == 'u') {
          uint32_t low = hex4(p + 2);
          p += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        n += put_utf8(out + n, cp);
        break;
      }
      default: CHECK(!"unknown JSON escape");
    }
  }
  return n;
}

static uint32_t code_of(const char *name, size_t len, const char *(*name_of)(uint32_t),
                        uint32_t max) {
  for (uint32_t code = 0; code <= max; code++) {
    const char *known = name_of(code);
    if (strlen(known) == len && memcmp(known, name, len) == 0) return code;
  }
  fprintf(stderr, "unknown name %.*s\n", (int)len, name);
  exit(1);
}

static const char *kind_name(uint32_t code) { return leaksift_kind_name(code); }
static const char *subkind_name(uint32_t code) { return leaksift_subkind_name(code); }

static const uint8_t OPEN[3] = {0xE2, 0x9F, 0xA6}, CLOSE[3] = {0xE2, 0x9F, 0xA7};

/* Strips the markers of text in place; returns the input length. */
static size_t strip(uint8_t *text, size_t len, span_t *spans, size_t *count) {
  size_t stack[16], depth = 0, out = 0;
  *count = 0;
  for (size_t i = 0; i < len;) {
    if (i + 3 <= len && memcmp(text + i, OPEN, 3) == 0) {
      i += 3;
      size_t label = i;
      while (text[i] != '|') { CHECK(i < len); i++; }
      const char *name = (const char *)text + label;
      const char *slash = memchr(name, '/', i - label);
      size_t kind_len = slash ? (size_t)(slash - name) : i - label;
      CHECK(*count < MAX_SPANS && depth < 16);
      span_t *s = &spans[*count];
      s->kind = code_of(name, kind_len, kind_name, 64);
      s->subkind = slash ? code_of(slash + 1, i - label - kind_len - 1, subkind_name, 64) : 0;
      s->start = out;
      stack[depth++] = (*count)++;
      i++;
    } else if (i + 3 <= len && memcmp(text + i, CLOSE, 3) == 0) {
      CHECK(depth > 0);
      spans[stack[--depth]].end = out;
      i += 3;
    } else {
      text[out++] = text[i++];
    }
  }
  CHECK(depth == 0);
  return out;
}

static int by_scan_order(const void *a, const void *b) {
  const span_t *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  if (x->end != y->end) return x->end < y->end ? -1 : 1;
  return x->kind < y->kind ? -1 : x->kind > y->kind;
}

typedef struct {
  span_t items[MAX_SPANS];
  size_t count;
} found_t;

static bool collect(const leaksift_finding *f, void *userdata) {
  found_t *found = userdata;
  CHECK(found->count < MAX_SPANS);
  span_t s = {f->kind, f->subkind, f->start, f->end};
  found->items[found->count++] = s;
  return true;
}

int main(int argc, char **argv) {
  CHECK(argc == 2);
  FILE *file = fopen(argv[1], "r");
  CHECK(file != NULL);
  leaksift_scanner *scanner = NULL;
  CHECK_STATUS(leaksift_scanner_new(NULL, &scanner), LEAKSIFT_OK);
  leaksift_stream *stream = NULL;
  CHECK_STATUS(leaksift_stream_new(scanner, &stream), LEAKSIFT_OK);
  static char line[MAX_TEXT];
  static uint8_t text[MAX_TEXT], name[256];
  size_t cases = 0, failures = 0, spans_checked = 0;
  while (fgets(line, sizeof line, file)) {
    if (line[0] != '{') continue;
    size_t name_len = json_string(line, "name", name, sizeof name);
    size_t len = json_string(line, "text", text, sizeof text);
    span_t want[MAX_SPANS];
    size_t want_count = 0;
    len = strip(text, len, want, &want_count);
    qsort(want, want_count, sizeof want[0], by_scan_order);
    found_t got = {0};
    CHECK_STATUS(leaksift_scan(scanner, text, len, collect, &got), LEAKSIFT_OK);
    /* The same case through a stream, one byte at a time. */
    found_t streamed = {0};
    for (size_t i = 0; i < len; i++)
      CHECK_STATUS(leaksift_stream_push(stream, text + i, 1, collect, &streamed), LEAKSIFT_OK);
    CHECK_STATUS(leaksift_stream_finish(stream, collect, &streamed), LEAKSIFT_OK);
    bool same = got.count == want_count && streamed.count == want_count;
    for (size_t i = 0; same && i < want_count; i++)
      same = memcmp(&got.items[i], &want[i], sizeof want[i]) == 0 &&
             memcmp(&streamed.items[i], &want[i], sizeof want[i]) == 0;
    cases++;
    spans_checked += want_count;
    if (!same) {
      failures++;
      fprintf(stderr, "case %.*s: want %zu findings, got %zu\n", (int)name_len, name,
              want_count, got.count);
      for (size_t i = 0; i < got.count; i++)
        fprintf(stderr, "  got %s/%s %zu..%zu\n", leaksift_kind_name(got.items[i].kind),
                leaksift_subkind_name(got.items[i].subkind), got.items[i].start,
                got.items[i].end);
    }
  }
  fclose(file);
  leaksift_stream_free(stream);
  leaksift_scanner_free(scanner);
  CHECK(cases > 0);
  printf("test_cases: %zu cases, %zu findings (one-shot and streamed byte by byte), %zu failures\n", cases, spans_checked, failures);
  return failures == 0 ? 0 : 1;
}
