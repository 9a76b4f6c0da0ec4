/* ddb-price-set.c
 *
 * DdbPriceSet, the boxed and reference-counted set of prices in force over one date range
 * of a Region's price sheet, and the accessors of DdbPrice, the prices it owns.  The set's
 * table maps each (table class, item) pair to a price; items priced the same for every
 * class share one DdbPrice.  ddb-price-sheet-loader.c fills a set; afterwards it is never
 * modified, so it may be shared between threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-price-set"

#include "config.h"

#include "ddb-price-catalog-private.h"

G_DEFINE_BOXED_TYPE (DdbPriceSet, ddb_price_set, ddb_price_set_ref, ddb_price_set_unref)

void
_ddb_price_free (DdbPrice *price)
{
  g_free (price->unit);
  g_free (price->source);
  g_strfreev (price->source_tags);
  g_free (price->as_of);
  g_free (price);
}

DdbPriceSet *
_ddb_price_set_new (void)
{
  DdbPriceSet *self = g_new0 (DdbPriceSet, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->prices = g_ptr_array_new_with_free_func ((GDestroyNotify)_ddb_price_free);

  return self;
}

/**
 * ddb_price_set_ref:
 * @self: a price set
 *
 * Returns: (transfer full): @self
 */
DdbPriceSet *
ddb_price_set_ref (DdbPriceSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
ddb_price_set_unref (DdbPriceSet *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->region);
  g_free (self->effective_from);
  g_free (self->effective_until);
  g_free (self->note);
  g_free (self->free_tier_source);
  g_free (self->free_tier_as_of);
  g_ptr_array_unref (self->prices);
  g_free (self);
}

/**
 * ddb_price_set_get_effective_from:
 *
 * Returns: (nullable): the first day the set is in force (YYYY-MM-DD), or %NULL when the
 *   sheet knows no start
 */
const char *
ddb_price_set_get_effective_from (DdbPriceSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->effective_from;
}

/**
 * ddb_price_set_get_effective_until:
 *
 * Returns: (nullable): the first day the set is no longer in force, or %NULL if it still is
 */
const char *
ddb_price_set_get_effective_until (DdbPriceSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->effective_until;
}

const char *
ddb_price_set_get_region (DdbPriceSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->region;
}

/**
 * ddb_price_set_get_note:
 *
 * Returns: (nullable): the sheet's note on this set
 */
const char *
ddb_price_set_get_note (DdbPriceSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->note;
}

/* Bytes added to every item (and index entry) for storage billing: 100 (rulebook 1.1). */
guint
ddb_price_set_get_item_overhead_bytes (DdbPriceSet *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->item_overhead_bytes;
}

/**
 * ddb_price_set_get_free_tier:
 *
 * Returns: (transfer none): the free tier allowances, valid while @self lives
 */
const DdbFreeTier *
ddb_price_set_get_free_tier (DdbPriceSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->free_tier;
}

/* Whether the free tier applies to tables of @table_class (Standard only, rulebook 8.3). */
gboolean
ddb_price_set_has_free_tier (DdbPriceSet   *self,
                             DdbTableClass  table_class)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail ((guint)table_class < N_TABLE_CLASSES, FALSE);

  return (self->free_tier.table_classes & (1u << table_class)) != 0;
}

/**
 * ddb_price_set_lookup:
 * @self: a price set
 * @table_class: the table class
 * @item: what is priced
 *
 * Items priced the same for every class (PITR, backups, restores, Streams reads, TTL
 * deletes) give the same price for both classes.
 *
 * Returns: (transfer none) (nullable): the price, valid while @self lives, or %NULL when
 *   the item is not offered for @table_class (reserved capacity for Standard-IA)
 */
const DdbPrice *
ddb_price_set_lookup (DdbPriceSet   *self,
                      DdbTableClass  table_class,
                      DdbPriceItem   item)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail ((guint)table_class < N_TABLE_CLASSES, NULL);
  g_return_val_if_fail ((guint)item < DDB_N_PRICE_ITEMS, NULL);

  return self->table[table_class][item];
}

/* USD per one unit (never per million). */
double
ddb_price_get_usd (const DdbPrice *price)
{
  g_return_val_if_fail (price != NULL, 0.0);

  return price->usd;
}

const char *
ddb_price_get_unit (const DdbPrice *price)
{
  g_return_val_if_fail (price != NULL, NULL);

  return price->unit;
}

/* "[TAG], [TAG]: note", the tags being the rulebook's source key. */
const char *
ddb_price_get_source (const DdbPrice *price)
{
  g_return_val_if_fail (price != NULL, NULL);

  return price->source;
}

/**
 * ddb_price_get_source_tags:
 *
 * Returns: (transfer none) (array zero-terminated=1): the source tags, at least one
 */
const char *const *
ddb_price_get_source_tags (const DdbPrice *price)
{
  g_return_val_if_fail (price != NULL, NULL);

  return (const char *const *)price->source_tags;
}

/* The date the price's evidence refers to, YYYY-MM-DD. */
const char *
ddb_price_get_as_of (const DdbPrice *price)
{
  g_return_val_if_fail (price != NULL, NULL);

  return price->as_of;
}

/* FALSE where the rulebook calls the price unverified or derives it without a source. */
gboolean
ddb_price_get_verified (const DdbPrice *price)
{
  g_return_val_if_fail (price != NULL, FALSE);

  return price->verified;
}
