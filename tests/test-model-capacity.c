/* test-model-capacity.c
 *
 * Read and write units against the rulebook's vectors (TV-3 to TV-6, TV-12 to TV-21) and
 * the worked exam examples of rulebook section 11.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ddb-capacity.h"

#define KB 1024

static void
test_read_rounding (void)
{
  g_test_summary ("Reads round up to 4 KB; eventual halves, transactional doubles");

  /* TV-5, TV-6 */
  g_assert_cmpfloat (ddb_read_units (4096, DDB_READ_EVENTUAL), ==, 0.5);
  g_assert_cmpfloat (ddb_read_units (4097, DDB_READ_EVENTUAL), ==, 1.0);
  /* TV-7, TV-8 (strong) */
  g_assert_cmpfloat (ddb_read_units (4096, DDB_READ_STRONG), ==, 1.0);
  g_assert_cmpfloat (ddb_read_units (4097, DDB_READ_STRONG), ==, 2.0);
  /* TV-14: 3,500 bytes */
  g_assert_cmpfloat (ddb_read_units (3500, DDB_READ_STRONG), ==, 1.0);
  g_assert_cmpfloat (ddb_read_units (3500, DDB_READ_EVENTUAL), ==, 0.5);
  g_assert_cmpfloat (ddb_read_units (3500, DDB_READ_TRANSACTIONAL), ==, 2.0);
  /* TV-15: 10 KB and 8 KB */
  g_assert_cmpfloat (ddb_read_units (10 * KB, DDB_READ_STRONG), ==, 3.0);
  g_assert_cmpfloat (ddb_read_units (10 * KB, DDB_READ_EVENTUAL), ==, 1.5);
  g_assert_cmpfloat (ddb_read_units (8 * KB, DDB_READ_STRONG), ==, 2.0);
  g_assert_cmpfloat (ddb_read_units (8 * KB, DDB_READ_EVENTUAL), ==, 1.0);
  g_assert_cmpfloat (ddb_read_units (8 * KB, DDB_READ_TRANSACTIONAL), ==, 4.0);
}

static void
test_missing_item (void)
{
  g_test_summary ("TV-12, TV-13: reading or deleting nothing still costs one block");

  g_assert_cmpfloat (ddb_read_units (0, DDB_READ_EVENTUAL), ==, 0.5);
  g_assert_cmpfloat (ddb_read_units (0, DDB_READ_STRONG), ==, 1.0);
  g_assert_cmpfloat (ddb_write_units (0, DDB_WRITE_STANDARD), ==, 1.0);
}

static void
test_write_rounding (void)
{
  g_test_summary ("Writes round up to 1 KB; transactional writes double");

  /* TV-3, TV-4 */
  g_assert_cmpfloat (ddb_write_units (1024, DDB_WRITE_STANDARD), ==, 1.0);
  g_assert_cmpfloat (ddb_write_units (1025, DDB_WRITE_STANDARD), ==, 2.0);
  /* TV-20: 500 B + 3.5 KB in a batch, each rounded on its own */
  g_assert_cmpfloat (ddb_write_units (500, DDB_WRITE_STANDARD) +
                     ddb_write_units (3584, DDB_WRITE_STANDARD), ==, 5.0);
  /* TV-21: 1.6 KB put; update 2.5 KB -> 0.8 KB charges the larger */
  g_assert_cmpfloat (ddb_write_units (1638, DDB_WRITE_STANDARD), ==, 2.0);
  g_assert_cmpfloat (ddb_write_units (MAX (2560, 819), DDB_WRITE_STANDARD), ==, 3.0);
  /* TV-25: 3 transactional writes of 500 B */
  g_assert_cmpfloat (3 * ddb_write_units (500, DDB_WRITE_TRANSACTIONAL), ==, 6.0);
  /* Exam 6: a transactional write of 3 KB */
  g_assert_cmpfloat (ddb_write_units (3 * KB, DDB_WRITE_TRANSACTIONAL), ==, 6.0);
}

static void
test_aggregate_reads (void)
{
  g_test_summary ("Query/Scan round once over the page; BatchGetItem per item");

  /* TV-16: 10 items totalling 40.8 KB -> 44 KB */
  g_assert_cmpfloat (ddb_read_units (41779, DDB_READ_STRONG), ==, 11.0);
  g_assert_cmpfloat (ddb_read_units (41779, DDB_READ_EVENTUAL), ==, 5.5);
  /* TV-17: 1,500 items of 64 B */
  g_assert_cmpfloat (ddb_read_units (1500 * 64, DDB_READ_STRONG), ==, 24.0);
  g_assert_cmpfloat (ddb_read_units (1500 * 64, DDB_READ_EVENTUAL), ==, 12.0);
  /* TV-18: a full 1 MB page */
  g_assert_cmpfloat (ddb_read_units (1024 * KB, DDB_READ_STRONG), ==, 256.0);
  g_assert_cmpfloat (ddb_read_units (1024 * KB, DDB_READ_EVENTUAL), ==, 128.0);
  /* TV-19: BatchGetItem of 1.5 KB + 6.5 KB rounds each item: 3, not 2 */
  g_assert_cmpfloat (ddb_read_units (1536, DDB_READ_STRONG) +
                     ddb_read_units (6656, DDB_READ_STRONG), ==, 3.0);
  g_assert_cmpfloat (ddb_read_units (1536 + 6656, DDB_READ_STRONG), ==, 2.0);
}

static void
test_exam_examples (void)
{
  g_test_summary ("Rulebook section 11, worked examples 1 to 5");

  g_assert_cmpfloat (80 * ddb_read_units (3 * KB, DDB_READ_STRONG), ==, 80.0);
  g_assert_cmpfloat (16 * ddb_read_units (12 * KB, DDB_READ_EVENTUAL), ==, 24.0);
  g_assert_cmpfloat (10 * ddb_read_units (6 * KB, DDB_READ_STRONG), ==, 20.0);
  g_assert_cmpfloat (150 * ddb_read_units (5 * KB, DDB_READ_EVENTUAL), ==, 150.0);
  g_assert_cmpfloat (100 * ddb_write_units (512, DDB_WRITE_STANDARD), ==, 100.0);
  g_assert_cmpfloat (6 * ddb_write_units (4608, DDB_WRITE_STANDARD), ==, 30.0);
  g_assert_cmpfloat (2 * ddb_write_units (2 * KB, DDB_WRITE_STANDARD), ==, 4.0);
}

static void
test_consistency_names (void)
{
  DdbReadConsistency consistency;

  for (guint i = DDB_READ_EVENTUAL; i <= DDB_READ_TRANSACTIONAL; i++)
    {
      g_assert_true (ddb_read_consistency_from_string (ddb_read_consistency_to_string (i),
                                                       &consistency));
      g_assert_cmpuint (consistency, ==, i);
    }
  g_assert_false (ddb_read_consistency_from_string ("STRONG", &consistency));
  g_assert_false (ddb_read_consistency_from_string ("", &consistency));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ddb/model/capacity/read-rounding", test_read_rounding);
  g_test_add_func ("/ddb/model/capacity/missing-item", test_missing_item);
  g_test_add_func ("/ddb/model/capacity/write-rounding", test_write_rounding);
  g_test_add_func ("/ddb/model/capacity/aggregate-reads", test_aggregate_reads);
  g_test_add_func ("/ddb/model/capacity/exam-examples", test_exam_examples);
  g_test_add_func ("/ddb/model/capacity/consistency-names", test_consistency_names);

  return g_test_run ();
}
