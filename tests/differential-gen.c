/* differential-gen.c
 *
 * Random generators of the differential test.  See differential-gen.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "differential-gen.h"
#include "engine-fixture.h"

/* ---------------------------------------------------------------------------------------
 * Expression attributes
 * ------------------------------------------------------------------------------------- */

void
exprs_clear (Exprs *exprs)
{
  g_clear_pointer (&exprs->names, g_hash_table_unref);
  g_clear_pointer (&exprs->values, ddb_map_builder_free);
  if (exprs->shown_names != NULL)
    g_string_free (g_steal_pointer (&exprs->shown_names), TRUE);
}

void
exprs_name (Exprs      *exprs,
            const char *alias,
            const char *name)
{
  if (exprs->names == NULL)
    {
      exprs->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      exprs->shown_names = g_string_new (NULL);
    }
  g_hash_table_insert (exprs->names, g_strdup (alias), g_strdup (name));
  g_string_append_printf (exprs->shown_names, "%s%s=%s", exprs->shown_names->len ? " " : "",
                          alias, name);
}

void
exprs_value_take (Exprs      *exprs,
                  const char *placeholder,
                  DdbValue   *value)
{
  if (exprs->values == NULL)
    exprs->values = ddb_map_builder_new ();
  ddb_map_builder_set_take (exprs->values, placeholder, value);
}

/* Ends the values map into *@values (owned by the caller) and returns the attributes. */
DdbExpressionAttributes
exprs_finish (Exprs     *exprs,
              DdbValue **values)
{
  if (exprs->values != NULL)
    *values = ddb_map_builder_end (g_steal_pointer (&exprs->values));

  return (DdbExpressionAttributes) { exprs->names, *values };
}

/* ---------------------------------------------------------------------------------------
 * Generators
 * ------------------------------------------------------------------------------------- */

guint
pick (GRand *rng,
      guint  n)
{
  return (guint)g_rand_int_range (rng, 0, (gint32)n);
}

gboolean
chance (GRand *rng,
        guint  percent)
{
  return pick (rng, 100) < percent;
}

gint64
pick_between (GRand  *rng,
              gint64  low,
              gint64  high)
{
  return low + (gint64)pick (rng, (guint)(high - low + 1));
}

/* A Limit: mostly up to @small, sometimes up to @large. */
gint64
gen_limit (GRand  *rng,
           gint64  small,
           gint64  large)
{
  return chance (rng, 20) ? pick_between (rng, 1, large) : pick_between (rng, 1, small);
}

static const char *const short_strings[] = { "apple", "banana", "cherry", "kiwi" };

static char *
gen_string (GRand *rng,
            gsize  length)
{
  return repeat_char ((char)('a' + pick (rng, 26)), length);
}

/* A value for attribute a: mostly short, sometimes kilobytes. */
DdbValue *
gen_a (GRand *rng)
{
  g_autofree char *text = NULL;

  if (chance (rng, 70))
    return ddb_value_new_string (short_strings[pick (rng, G_N_ELEMENTS (short_strings))], -1);

  text = gen_string (rng, pick_between (rng, 41, 6000));

  return ddb_value_new_string (text, -1);
}

/* A value for attribute x (projected by INCLUDE indexes): short, or up to 1.5 KB so that
 * entries cross write unit boundaries.  Small enough that an item of a and x still fits
 * the 8 KB an exactly sized item leaves them. */
DdbValue *
gen_x (GRand *rng)
{
  g_autofree char *text = NULL;

  if (chance (rng, 70))
    return ddb_value_new_int64 (pick_between (rng, 0, 9));

  text = gen_string (rng, pick_between (rng, 200, 1500));

  return ddb_value_new_string (text, -1);
}

/* One of the values items give the index key attribute @a of @t. */
DdbValue *
gen_key_value (GRand          *rng,
               const RefTable *t,
               RefAttributeId  a)
{
  return ddb_value_ref (t->attributes[a].values[pick (rng, N_KEY_VALUES)]);
}

guint
gen_sk (GRand *rng)
{
  return chance (rng, 60) ? pick (rng, N_HOT_SK) : pick (rng, N_SK);
}

/* A new item at (p, s): maybe n, maybe a, maybe each index key attribute and x, maybe a
 * payload from tiny to tens of KB, some sized to land exactly on or next to a 1 KB or 4 KB
 * boundary; @bulk items are large, and exactly @exact_size bytes when that is not 0.  Bulk
 * items mostly share their g and all have an l, so that their index partitions pass 1 MB
 * too. */
DdbValue *
gen_item (GRand          *rng,
          const RefTable *t,
          guint           p,
          guint           s,
          gboolean        bulk,
          gsize           exact_size)
{
  DdbMapBuilder *builder = ddb_map_builder_new ();
  g_autoptr(DdbValue) item = NULL;
  g_autofree char *payload = NULL;
  gint64 length = 0;
  gint64 target;
  guint roll = pick (rng, 100);

  ddb_map_builder_set (builder, t->pk_name, t->pk[p]);
  ddb_map_builder_set (builder, t->sk_name, t->sk[s]);
  if (chance (rng, 70))
    ddb_map_builder_set_take (builder, "n", ddb_value_new_int64 (pick_between (rng, -50, 50)));
  if (chance (rng, 60))
    ddb_map_builder_set_take (builder, "a", gen_a (rng));
  for (RefAttributeId a = 0; a < N_ATTRIBUTES; a++)
    {
      if (bulk && a == ATTR_G && chance (rng, 80))
        ddb_map_builder_set (builder, "g", t->attributes[a].values[0]);
      else if ((bulk && a == ATTR_L) || chance (rng, 55))
        ddb_map_builder_set_take (builder, t->attributes[a].name, gen_key_value (rng, t, a));
    }
  if (chance (rng, 40))
    ddb_map_builder_set_take (builder, "x", gen_x (rng));
  item = ddb_map_builder_end (builder);

  if (exact_size > 0)
    length = (gint64)exact_size - (gint64)ddb_item_size (item) - (gint64)strlen ("payload");
  else if (bulk)
    length = pick_between (rng, 28000, 32000);
  else if (roll < 25)
    length = pick_between (rng, 1, 100);
  else if (roll < 45)
    {
      /* Exactly on, or one byte either side of, a write or read unit boundary. */
      target = chance (rng, 50) ? 1024 * pick_between (rng, 1, 10)
                                : 4096 * pick_between (rng, 1, 4);
      target += pick_between (rng, -1, 1);
      length = target - (gint64)ddb_item_size (item) - (gint64)strlen ("payload");
    }
  else if (roll < 60)
    length = pick_between (rng, 5000, 40000);

  if (length <= 0)
    return g_steal_pointer (&item);

  payload = gen_string (rng, length);
  builder = ddb_map_builder_new_from (item);
  ddb_map_builder_set_take (builder, "payload", ddb_value_new_string (payload, -1));

  return ddb_map_builder_end (builder);
}

/**
 * gen_update:
 * @old: (nullable): the item the update applies to
 * @applicable: only updates that apply to @old (no "n + :d" without an n)
 * @text: the UpdateExpression, appended to
 *
 * An update of the kinds in UpdateKind: SET or REMOVE one of a, g, h, l and x (index key
 * attributes change value, or leave), or change n.  A REMOVE is made only of an item that
 * exists: whether DynamoDB creates a key-only item for a REMOVE on a missing item is a
 * corner this test stays away from.
 */
void
gen_update (GRand          *rng,
            const RefTable *t,
            const DdbValue *old,
            gboolean        applicable,
            Exprs          *exprs,
            GString        *text,
            Update         *update)
{
  static const char *const names[] = { "a", "g", "h", "l", "x" };
  guint which = pick (rng, G_N_ELEMENTS (names));
  const char *shown;
  gint64 n;

  update->kind = (UpdateKind)pick (rng, 4);
  update->name = names[which];
  update->delta = pick_between (rng, -20, 20);
  if (update->kind == UPDATE_REMOVE && old == NULL)
    update->kind = UPDATE_SET;
  if (update->kind == UPDATE_INCREMENT_N && applicable && !item_int (old, "n", &n))
    update->kind = UPDATE_ADD_N;

  shown = update->name;
  if ((update->kind == UPDATE_SET || update->kind == UPDATE_REMOVE) && chance (rng, 30))
    {
      exprs_name (exprs, "#u", update->name);
      shown = "#u";
    }

  switch (update->kind)
    {
    case UPDATE_SET:
      if (which == 0)
        update->value = gen_a (rng);
      else if (which == 4)
        update->value = gen_x (rng);
      else
        update->value = gen_key_value (rng, t, (RefAttributeId)(which - 1));
      g_string_append_printf (text, "SET %s = :v", shown);
      exprs_value_take (exprs, ":v", ddb_value_ref (update->value));
      break;
    case UPDATE_REMOVE:
      g_string_append_printf (text, "REMOVE %s", shown);
      break;
    case UPDATE_INCREMENT_N:
      update->name = "n";
      g_string_append (text, "SET n = n + :d");
      exprs_value_take (exprs, ":d", ddb_value_new_int64 (update->delta));
      break;
    case UPDATE_ADD_N:
      update->name = "n";
      g_string_append (text, "ADD n :d");
      exprs_value_take (exprs, ":d", ddb_value_new_int64 (update->delta));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* A condition for a write (kinds PRED_NONE to PRED_A_EQ), appended to @text.  Numeric
 * comparisons are often made with the existing item's n or its neighbours. */
void
gen_condition (GRand          *rng,
               const RefTable *t,
               const DdbValue *old,
               Exprs          *exprs,
               Pred           *pred,
               GString        *text)
{
  guint roll = pick (rng, 100);
  const char *key = t->pk_name;
  gint64 n;

  if (roll < 35)
    {
      pred->kind = PRED_NONE;
      return;
    }

  if (roll < 70)
    {
      pred->kind = roll < 55 ? PRED_KEY_NOT_EXISTS : PRED_KEY_EXISTS;
      if (chance (rng, 30))
        {
          exprs_name (exprs, "#k", t->pk_name);
          key = "#k";
        }
      g_string_append_printf (text, "%s(%s)", pred->kind == PRED_KEY_NOT_EXISTS
                                              ? "attribute_not_exists" : "attribute_exists",
                              key);
    }
  else if (roll < 90)
    {
      pred->kind = roll < 82 ? PRED_N_GT : PRED_N_LE;
      pred->number = pick_between (rng, -60, 60);
      if (item_int (old, "n", &n) && chance (rng, 50))
        pred->number = n + pick_between (rng, -1, 1);
      g_string_append (text, pred->kind == PRED_N_GT ? "n > :c" : "n <= :c");
      exprs_value_take (exprs, ":c", ddb_value_new_int64 (pred->number));
    }
  else
    {
      pred->kind = PRED_A_EQ;
      pred->string = g_strdup (short_strings[pick (rng, G_N_ELEMENTS (short_strings))]);
      g_string_append (text, "a = :c");
      exprs_value_take (exprs, ":c", ddb_value_new_string (pred->string, -1));
    }
}

/**
 * append_sort_condition:
 * @spec: a sort key condition (not SORT_NONE) and its operands: first, and second for
 *   BETWEEN
 * @sk: the sort key attribute, or its alias
 *
 * Appends " AND <the condition>" to @key_condition, with the operands as :a and :b.  The
 * bounds of BETWEEN are put in order first: a lower bound above the upper one is a
 * validation error.
 */
void
append_sort_condition (QuerySpec  *spec,
                       const char *sk,
                       Exprs      *exprs,
                       GString    *key_condition)
{
  static const char *const comparators[] = {
    [SORT_EQ] = "=", [SORT_LT] = "<", [SORT_LE] = "<=", [SORT_GT] = ">", [SORT_GE] = ">=",
  };

  switch (spec->sort)
    {
    case SORT_EQ:
    case SORT_LT:
    case SORT_LE:
    case SORT_GT:
    case SORT_GE:
      g_string_append_printf (key_condition, " AND %s %s :a", sk, comparators[spec->sort]);
      break;
    case SORT_BETWEEN:
      if (ref_compare_sort (spec->first, spec->second) > 0)
        {
          DdbValue *swap = spec->first;

          spec->first = spec->second;
          spec->second = swap;
        }
      exprs_value_take (exprs, ":b", ddb_value_ref (spec->second));
      g_string_append_printf (key_condition, " AND %s BETWEEN :a AND :b", sk);
      break;
    case SORT_BEGINS_WITH:
      g_string_append_printf (key_condition, " AND begins_with(%s, :a)", sk);
      break;
    case SORT_NONE:
    default:
      g_assert_not_reached ();
    }
  exprs_value_take (exprs, ":a", ddb_value_ref (spec->first));
}

/* A filter on non-key attributes, appended to @text. */
void
gen_filter (GRand   *rng,
            Exprs   *exprs,
            Pred    *pred,
            GString *text)
{
  switch (pick (rng, 4))
    {
    case 0:
      pred->kind = PRED_N_GT;
      pred->number = pick_between (rng, -60, 60);
      g_string_append (text, "n > :f");
      exprs_value_take (exprs, ":f", ddb_value_new_int64 (pred->number));
      break;
    case 1:
      pred->kind = PRED_A_EQ;
      pred->string = g_strdup (short_strings[pick (rng, G_N_ELEMENTS (short_strings))]);
      g_string_append (text, "a = :f");
      exprs_value_take (exprs, ":f", ddb_value_new_string (pred->string, -1));
      break;
    case 2:
      pred->kind = PRED_A_EXISTS;
      g_string_append (text, "attribute_exists(a)");
      break;
    default:
      pred->kind = PRED_N_NOT_EXISTS;
      g_string_append (text, "attribute_not_exists(n)");
      break;
    }
}

/* An operand of a sort key condition: mostly one of the sort key's @values, else a string
 * prefix (@strings) or a number between two integers from @low to @high. */
DdbValue *
gen_sort_operand (GRand           *rng,
                  DdbValue *const *values,
                  guint            n_values,
                  gboolean         strings,
                  gint64           low,
                  gint64           high)
{
  static const char *const prefixes[] = { "a", "ab", "b", "B", "\xc3\xa9", "z", "zz", "c", "a1",
                                          "b10", "\xc3\xa9" "1" };
  char text[32];

  if (chance (rng, 70))
    return ddb_value_ref (values[pick (rng, n_values)]);
  if (strings)
    return ddb_value_new_string (prefixes[pick (rng, G_N_ELEMENTS (prefixes))], -1);

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT ".5", pick_between (rng, low, high));

  return parse_number (text);
}
