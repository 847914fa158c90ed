/* Tiny assertion helpers shared by the C tests. */
#ifndef LEAKSIFT_TEST_CHECK_H
#define LEAKSIFT_TEST_CHECK_H
#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond)                                                        \
  do {                                                                     \
    if (!(cond)) {                                                         \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,     \
              #cond);                                                      \
      exit(1);                                                             \
    }                                                                      \
  } while (0)

#define CHECK_STATUS(call, want)                                           \
  do {                                                                     \
    leaksift_status got_ = (call);                                         \
    if (got_ != (want)) {                                                  \
      char msg_[256];                                                      \
      leaksift_last_error_message(msg_, sizeof msg_);                      \
      fprintf(stderr, "%s:%d: %s gave %s, want %s (last error: %s)\n",     \
              __FILE__, __LINE__, #call, leaksift_status_name(got_),       \
              leaksift_status_name(want), msg_);                           \
      exit(1);                                                             \
    }                                                                      \
  } while (0)

#endif
