/* Unit tests of lib/core: errors, diagnostics, arenas, buffers, time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/core.h"

static void test_strerror_names_every_code(void **state) {
  (void)state;
  for (int e = 0; e >= VL_EINTERNAL; e--) {
    assert_string_not_equal(vl_strerror(e), "unknown error");
    assert_string_not_equal(vl_err_name(e), "VL_E?");
  }
  assert_string_equal(vl_strerror(-999), "unknown error");
}

static void test_diag_format_has_file_line_path(void **state) {
  (void)state;
  struct vl_diag d;
  vl_diag_clear(&d);
  assert_int_equal(vl_diag_set(&d, VL_ETYPE, "expected %s", "a string"),
                   VL_ETYPE);
  vl_diag_where(&d, "feed.json", 12, "$.vulnerabilities[3].cve.id");
  char buf[600];
  vl_diag_format(&d, buf, sizeof(buf));
  assert_string_equal(buf,
                      "feed.json:12: $.vulnerabilities[3].cve.id: expected a "
                      "string");
  assert_int_equal(vl_diag_set(NULL, VL_EIO, "x"), VL_EIO);
}

static void test_arena_respects_cap(void **state) {
  (void)state;
  struct vl_arena *a;
  assert_int_equal(vl_arena_new(100000, &a), 0);
  char *s = vl_arena_strdup(a, "hello");
  assert_string_equal(s, "hello");
  assert_true(((uintptr_t)vl_arena_alloc(a, 3) & 15) == 0);
  assert_null(vl_arena_alloc(a, 200000));
  char *p = vl_arena_printf(a, "%d-%s", 42, "x");
  assert_string_equal(p, "42-x");
  vl_arena_reset(a);
  assert_int_equal(vl_arena_used(a), 0);
  vl_arena_free(a);
  vl_arena_free(NULL);
}

static void test_buf_fails_past_max(void **state) {
  (void)state;
  struct vl_buf b;
  vl_buf_init(&b, 10);
  assert_int_equal(vl_buf_puts(&b, "0123456789"), 0);
  assert_int_equal(vl_buf_putc(&b, 'x'), VL_ETOOBIG);
  assert_int_equal(b.len, 10);
  assert_string_equal(b.data, "0123456789");
  vl_buf_reset(&b);
  assert_int_equal(vl_buf_printf(&b, "%05d", 7), 0);
  assert_string_equal(b.data, "00007");
  char *s = vl_buf_steal(&b);
  assert_string_equal(s, "00007");
  free(s);
  vl_buf_free(&b);
}

static void test_time_roundtrip(void **state) {
  (void)state;
  vl_time t;
  char buf[32];
  assert_int_equal(vl_time_parse("1970-01-01T00:00:00Z", &t), 0);
  assert_int_equal(t, 0);
  assert_int_equal(vl_time_parse("2024-06-21T19:15:21.473", &t), 0);
  vl_time_format(t, buf, sizeof(buf));
  assert_string_equal(buf, "2024-06-21T19:15:21Z");
  assert_int_equal(vl_time_parse("2024-02-29", &t), 0);
  vl_time_format_date(t + VL_DAY, buf, sizeof(buf));
  assert_string_equal(buf, "2024-03-01");
  assert_int_equal(vl_time_parse("2024-06-21T10:00:00+09:00", &t), 0);
  vl_time_format(t, buf, sizeof(buf));
  assert_string_equal(buf, "2024-06-21T01:00:00Z");
  assert_int_equal(vl_time_parse("2024-13-01", &t), VL_ERANGE);
  assert_int_equal(vl_time_parse("yesterday", &t), VL_EPARSE);
  assert_int_equal(vl_time_parse("2024-01-01junk", &t), VL_EPARSE);
}

static void test_sha256_known_vector(void **state) {
  (void)state;
  char hex[65];
  vl_sha256_hex("abc", 3, hex);
  assert_string_equal(
      hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* A producer thread pushes 1..N through a pipe of 4 slots; the consumer
 * sees every item once, in order, then NULL. */
struct pipe_run {
  struct vl_pipe *p;
  long n;        /* items to push */
  long pushed;   /* items the pipe took */
};

static void *pipe_producer(void *arg) {
  struct pipe_run *r = arg;
  for (long i = 1; i <= r->n; i++) {
    if (!vl_pipe_push(r->p, (void *)(intptr_t)i)) break;
    r->pushed++;
  }
  vl_pipe_close(r->p);
  return NULL;
}

static void test_pipe_in_order_then_end(void **state) {
  (void)state;
  struct pipe_run r = {NULL, 100000, 0};
  assert_int_equal(vl_pipe_new(0, &r.p), VL_EINVAL);
  assert_int_equal(vl_pipe_new(4, &r.p), 0);
  pthread_t th;
  assert_int_equal(pthread_create(&th, NULL, pipe_producer, &r), 0);
  long want = 1;
  void *item;
  while ((item = vl_pipe_pop(r.p))) assert_int_equal((intptr_t)item, want++);
  pthread_join(th, NULL);
  assert_int_equal(want, r.n + 1);
  assert_int_equal(r.pushed, r.n);
  vl_pipe_free(r.p);
}

/* A consumer that stops after 10 items: the producer, blocked on a full
 * pipe, is released and its further pushes fail. */
static void test_pipe_stop_releases_producer(void **state) {
  (void)state;
  struct pipe_run r = {NULL, 1000000, 0};
  assert_int_equal(vl_pipe_new(2, &r.p), 0);
  pthread_t th;
  assert_int_equal(pthread_create(&th, NULL, pipe_producer, &r), 0);
  for (int i = 0; i < 10; i++) assert_non_null(vl_pipe_pop(r.p));
  vl_pipe_stop(r.p);
  pthread_join(th, NULL);
  long left = 0;
  while (vl_pipe_pop(r.p)) left++;
  assert_true(r.pushed < r.n);
  assert_int_equal(r.pushed, 10 + left);
  assert_false(vl_pipe_push(r.p, (void *)1));
  vl_pipe_free(r.p);
}

static void test_ids_grow(void **state) {
  (void)state;
  struct vl_ids ids = {0};
  for (int64_t i = 0; i < 1000; i++) assert_int_equal(vl_ids_push(&ids, i * 3), 0);
  assert_int_equal(ids.n, 1000);
  assert_int_equal(ids.v[999], 2997);
  vl_ids_free(&ids);
  assert_null(ids.v);
  assert_int_equal(ids.n, 0);
  vl_ids_free(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_strerror_names_every_code),
      cmocka_unit_test(test_diag_format_has_file_line_path),
      cmocka_unit_test(test_arena_respects_cap),
      cmocka_unit_test(test_buf_fails_past_max),
      cmocka_unit_test(test_time_roundtrip),
      cmocka_unit_test(test_sha256_known_vector),
      cmocka_unit_test(test_ids_grow),
      cmocka_unit_test(test_pipe_in_order_then_end),
      cmocka_unit_test(test_pipe_stop_releases_producer),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
