/* test-model-value-codec.c
 *
 * The storage codec: random values of every type round-trip exactly, and corrupt input
 * (every truncation, random byte changes) is refused with an error, never a crash or an
 * invalid value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ddb-model-error.h"
#include "ddb-value-codec.h"
#include "ddb-value-json.h"

static DdbValue *
random_scalar (GRand   *rand,
               DdbKind  kind)
{
  char text[64];
  guint8 bytes[16];
  guint length = g_rand_int_range (rand, 0, 12);
  DdbNumber number;

  switch (kind)
    {
    case DDB_KIND_S:
      for (guint i = 0; i < length; i++)
        text[i] = (char)g_rand_int_range (rand, 'a', 'f');
      return ddb_value_new_string (text, length);
    case DDB_KIND_B:
      for (guint i = 0; i < length; i++)
        bytes[i] = (guint8)g_rand_int_range (rand, 0, 256);
      return ddb_value_new_binary (bytes, length);
    case DDB_KIND_N:
      g_snprintf (text, sizeof text, "%s%u.%ue%d", g_rand_boolean (rand) ? "-" : "",
                  g_rand_int (rand), g_rand_int_range (rand, 0, 1000),
                  g_rand_int_range (rand, -120, 110));
      g_assert_cmpint (ddb_number_parse (text, -1, &number), ==, DDB_NUMBER_OK);
      return ddb_value_new_number (&number);
    case DDB_KIND_BOOL:
    case DDB_KIND_NULL:
    case DDB_KIND_L:
    case DDB_KIND_M:
    case DDB_KIND_SS:
    case DDB_KIND_NS:
    case DDB_KIND_BS:
    default:
      g_assert_not_reached ();
    }
}

static DdbValue *
random_value (GRand *rand,
              guint  depth)
{
  DdbKind kind = g_rand_int_range (rand, 0, depth < 4 ? DDB_KIND_COUNT : DDB_KIND_L);
  guint length = g_rand_int_range (rand, 0, 5);
  g_autoptr(GPtrArray) elements = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);
  DdbMapBuilder *builder;

  switch (kind)
    {
    case DDB_KIND_S:
    case DDB_KIND_B:
    case DDB_KIND_N:
      return random_scalar (rand, kind);
    case DDB_KIND_BOOL:
      return ddb_value_new_bool (g_rand_boolean (rand));
    case DDB_KIND_NULL:
      return ddb_value_new_null ();
    case DDB_KIND_L:
      for (guint i = 0; i < length; i++)
        g_ptr_array_add (elements, random_value (rand, depth + 1));
      {
        g_autofree DdbValue **stolen = (DdbValue **)g_ptr_array_steal (elements, NULL);

        return ddb_value_new_list_take (stolen, length);
      }
    case DDB_KIND_M:
      builder = ddb_map_builder_new ();
      for (guint i = 0; i < length; i++)
        {
          char name[8];

          g_snprintf (name, sizeof name, "k%u", g_rand_int_range (rand, 0, 9));
          ddb_map_builder_set_take (builder, name, random_value (rand, depth + 1));
        }
      return ddb_map_builder_end (builder);
    case DDB_KIND_SS:
    case DDB_KIND_NS:
    case DDB_KIND_BS:
      for (guint i = 0; i < length + 1; i++)
        g_ptr_array_add (elements, random_scalar (rand, ddb_kind_set_member (kind)));
      {
        guint n = elements->len;
        g_autofree DdbValue **stolen = (DdbValue **)g_ptr_array_steal (elements, NULL);
        DdbValue *set = ddb_value_new_set_take (kind, stolen, n, NULL);

        /* Random members may collide; a set of one member never does. */
        return set != NULL ? set : ddb_value_new_set_take (kind, (DdbValue *[]) {
                                                             random_scalar (rand,
                                                                            ddb_kind_set_member (kind)) },
                                                           1, NULL);
      }
    default:
      g_assert_not_reached ();
    }
}

static void
test_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261128);

  g_test_summary ("5,000 random values of every type survive serialize/deserialize exactly");

  for (guint i = 0; i < 5000; i++)
    {
      g_autoptr(DdbValue) value = random_value (rand, 0);
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      g_autoptr(DdbValue) decoded = NULL;
      g_autoptr(GError) error = NULL;

      ddb_value_serialize (value, bytes);
      decoded = ddb_value_deserialize (bytes->data, bytes->len, &error);
      g_assert_no_error (error);
      g_assert_true (ddb_value_equal (value, decoded));
      g_assert_cmpuint (ddb_value_size (value), ==, ddb_value_size (decoded));
    }
}

static void
test_item_round_trip (void)
{
  const char *json = "{\"pk\":{\"S\":\"k\"},\"n\":{\"N\":\"-12.3456e-100\"},"
                     "\"big\":{\"N\":\"99999999999999999999999999999999999999e88\"},"
                     "\"z\":{\"N\":\"0\"},\"b\":{\"B\":\"AAEC\"},\"t\":{\"BOOL\":true},"
                     "\"ns\":{\"NS\":[\"1\",\"-1\",\"1e-130\"]},\"e\":{\"S\":\"\"}}";
  g_autoptr(DdbValue) item = ddb_item_from_json_text (json, -1, NULL);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(DdbValue) decoded = NULL;

  g_assert_nonnull (item);
  ddb_value_serialize (item, bytes);
  decoded = ddb_value_deserialize (bytes->data, bytes->len, NULL);
  g_assert_true (ddb_value_equal (item, decoded));
}

static void
test_corruption (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint refused = 0;

  g_test_summary ("Every truncation fails cleanly; random byte changes never crash");

  for (guint round = 0; round < 300; round++)
    {
      g_autoptr(DdbValue) value = random_value (rand, 0);
      g_autoptr(GByteArray) bytes = g_byte_array_new ();

      ddb_value_serialize (value, bytes);

      for (guint cut = 0; cut < bytes->len; cut++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(DdbValue) decoded = ddb_value_deserialize (bytes->data, cut, &error);

          g_assert_null (decoded);
          g_assert_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_FAILED);
        }

      for (guint flip = 0; flip < 20 && bytes->len > 0; flip++)
        {
          g_autoptr(GByteArray) copy = g_byte_array_sized_new (bytes->len);
          g_autoptr(GError) error = NULL;
          g_autoptr(DdbValue) decoded = NULL;

          g_byte_array_append (copy, bytes->data, bytes->len);
          copy->data[g_rand_int_range (rand, 0, copy->len)] = (guint8)g_rand_int_range (rand, 0, 256);
          decoded = ddb_value_deserialize (copy->data, copy->len, &error);
          /* Either a clean error or a valid value (that re-encodes to the same bytes). */
          if (decoded == NULL)
            {
              g_assert_nonnull (error);
              refused++;
            }
          else
            {
              g_autoptr(GByteArray) again = g_byte_array_new ();

              ddb_value_serialize (decoded, again);
              g_assert_cmpmem (again->data, again->len, copy->data, copy->len);
            }
        }
    }

  g_assert_cmpuint (refused, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ddb/model/value-codec/round-trip", test_round_trip);
  g_test_add_func ("/ddb/model/value-codec/item-round-trip", test_item_round_trip);
  g_test_add_func ("/ddb/model/value-codec/corruption", test_corruption);

  return g_test_run ();
}
