/* ddb-price-catalog.c
 *
 * DdbPriceCatalog, one Region's DynamoDB price sheet (data/pricing/<region>.json): listing
 * the Regions with an embedded sheet, the constructors, the sheet's metadata and the lookup
 * of the price set in force on a date.  ddb-price-sheet-loader.c parses and validates the
 * sheet.  The sheets are embedded as a GResource whose accessor is called explicitly:
 * the model is a static archive, and a registration constructor that nothing references
 * may be left out by the linker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-price-catalog"

#include "config.h"

#include "ddb-price-catalog-private.h"

#include "ddb-model-error.h"
#include "ddb-pricing-resources.h"

#include <string.h>

#define RESOURCE_DIR "/io/github/ddbsim/pricing/"

G_DEFINE_FINAL_TYPE (DdbPriceCatalog, ddb_price_catalog, G_TYPE_OBJECT)

static void
ddb_price_catalog_finalize (GObject *object)
{
  DdbPriceCatalog *self = (DdbPriceCatalog *)object;

  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->region_name, g_free);
  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->sources, g_hash_table_unref);
  g_clear_pointer (&self->sets, g_ptr_array_unref);

  G_OBJECT_CLASS (ddb_price_catalog_parent_class)->finalize (object);
}

static void
ddb_price_catalog_class_init (DdbPriceCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ddb_price_catalog_finalize;
}

static void
ddb_price_catalog_init (DdbPriceCatalog *self)
{
  self->sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->sets = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_price_set_unref);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/**
 * ddb_price_catalog_list_regions:
 *
 * Returns: (transfer full): the Regions with an embedded price sheet, sorted
 */
char **
ddb_price_catalog_list_regions (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) children = NULL;
  char **regions;

  children = g_resource_enumerate_children (ddb_pricing_get_resource (), RESOURCE_DIR,
                                            G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (children == NULL)
    g_critical ("Embedded price sheets are missing: %s", error->message);

  for (guint i = 0; children != NULL && children[i] != NULL; i++)
    if (g_str_has_suffix (children[i], ".json"))
      {
        g_autofree char *region = g_strndup (children[i],
                                             strlen (children[i]) - strlen (".json"));

        g_strv_builder_add (builder, region);
      }

  regions = g_strv_builder_end (builder);
  qsort (regions, g_strv_length (regions), sizeof (char *), compare_strings);
  return regions;
}

/**
 * ddb_price_catalog_new_for_region:
 * @region: a Region code, e.g. "us-east-1"
 * @error: return location for a #GError
 *
 * Loads the embedded price sheet of @region.  An unknown Region is a
 * %DDB_MODEL_ERROR_CATALOG error naming the known ones.
 *
 * Returns: (transfer full): the catalog, or %NULL with @error set
 */
DdbPriceCatalog *
ddb_price_catalog_new_for_region (const char  *region,
                                  GError     **error)
{
  g_autofree char *file_name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file_name = g_strconcat (region, ".json", NULL);
  path = g_strconcat (RESOURCE_DIR, file_name, NULL);

  if (strchr (region, '/') == NULL && region[0] != '\0')
    bytes = g_resource_lookup_data (ddb_pricing_get_resource (), path,
                                    G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
  if (bytes == NULL)
    {
      g_auto(GStrv) known = ddb_price_catalog_list_regions ();
      g_autofree char *list = g_strjoinv (", ", known);

      g_set_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_CATALOG,
                   "No price sheet for Region \"%s\" (known: %s)", region, list);
      return NULL;
    }

  data = g_bytes_get_data (bytes, &length);
  return _ddb_price_catalog_new_from_data (file_name, data, length, region, error);
}

/**
 * ddb_price_catalog_new_from_file:
 * @path: a price sheet in the schema of data/pricing/us-east-1.json
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the catalog, or %NULL with @error set
 *   (%DDB_MODEL_ERROR_CATALOG, also when the file cannot be read)
 */
DdbPriceCatalog *
ddb_price_catalog_new_from_file (const char  *path,
                                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_CATALOG,
                   "Cannot read price sheet: %s", local_error->message);
      return NULL;
    }

  file_name = g_path_get_basename (path);
  return _ddb_price_catalog_new_from_data (file_name, data, length, NULL, error);
}

const char *
ddb_price_catalog_get_region (DdbPriceCatalog *self)
{
  g_return_val_if_fail (DDB_IS_PRICE_CATALOG (self), NULL);

  return self->region;
}

/* The Region's display name, e.g. "US East (N. Virginia)". */
const char *
ddb_price_catalog_get_region_name (DdbPriceCatalog *self)
{
  g_return_val_if_fail (DDB_IS_PRICE_CATALOG (self), NULL);

  return self->region_name;
}

/* Always "USD" for now: the loader refuses other currencies. */
const char *
ddb_price_catalog_get_currency (DdbPriceCatalog *self)
{
  g_return_val_if_fail (DDB_IS_PRICE_CATALOG (self), NULL);

  return self->currency;
}

/**
 * ddb_price_catalog_lookup_source:
 * @tag: a source tag without brackets, e.g. "INFRA-new"
 *
 * Returns: (nullable): the sheet's description of the source, or %NULL
 */
const char *
ddb_price_catalog_lookup_source (DdbPriceCatalog *self,
                                 const char      *tag)
{
  g_return_val_if_fail (DDB_IS_PRICE_CATALOG (self), NULL);
  g_return_val_if_fail (tag != NULL, NULL);

  return g_hash_table_lookup (self->sources, tag);
}

guint
ddb_price_catalog_get_n_sets (DdbPriceCatalog *self)
{
  g_return_val_if_fail (DDB_IS_PRICE_CATALOG (self), 0);

  return self->sets->len;
}

/**
 * ddb_price_catalog_get_set:
 * @index: 0 for the oldest set, ddb_price_catalog_get_n_sets() - 1 for the current one
 *
 * Returns: (transfer none): the price set
 */
DdbPriceSet *
ddb_price_catalog_get_set (DdbPriceCatalog *self,
                           guint            index)
{
  g_return_val_if_fail (DDB_IS_PRICE_CATALOG (self), NULL);
  g_return_val_if_fail (index < self->sets->len, NULL);

  return g_ptr_array_index (self->sets, index);
}

static DdbPriceSet *
lookup_set_for_julian (DdbPriceCatalog *self,
                       guint32          julian)
{
  g_assert (DDB_IS_PRICE_CATALOG (self));

  /* Bounded by the number of sets, a handful. */
  for (guint i = 0; i < self->sets->len; i++)
    {
      DdbPriceSet *set = g_ptr_array_index (self->sets, i);

      if (set->from_julian <= julian && julian < set->until_julian)
        return set;
    }

  return NULL;
}

/**
 * ddb_price_catalog_lookup_set_for_date:
 * @date: a valid date
 *
 * Returns: (transfer none) (nullable): the price set in force on @date, or %NULL if the
 *   sheet has none that early
 */
DdbPriceSet *
ddb_price_catalog_lookup_set_for_date (DdbPriceCatalog *self,
                                       const GDate     *date)
{
  g_return_val_if_fail (DDB_IS_PRICE_CATALOG (self), NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return lookup_set_for_julian (self, g_date_get_julian (date));
}

/**
 * ddb_price_catalog_lookup_set_for_ymd:
 *
 * Returns: (transfer none) (nullable): the price set in force on @year-@month-@day
 */
DdbPriceSet *
ddb_price_catalog_lookup_set_for_ymd (DdbPriceCatalog *self,
                                      guint            year,
                                      guint            month,
                                      guint            day)
{
  GDate date;

  g_return_val_if_fail (DDB_IS_PRICE_CATALOG (self), NULL);
  g_return_val_if_fail (g_date_valid_dmy ((GDateDay)day, (GDateMonth)month, (GDateYear)year),
                        NULL);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay)day, (GDateMonth)month, (GDateYear)year);

  return lookup_set_for_julian (self, g_date_get_julian (&date));
}

/**
 * ddb_price_catalog_lookup_set:
 * @date: a date, YYYY-MM-DD
 * @error: return location for a #GError
 *
 * Returns: (transfer none): the price set in force on @date, or %NULL with @error set:
 *   %DDB_MODEL_ERROR_VALIDATION for a malformed date, %DDB_MODEL_ERROR_CATALOG when no
 *   set covers it
 */
DdbPriceSet *
ddb_price_catalog_lookup_set (DdbPriceCatalog  *self,
                              const char       *date,
                              GError          **error)
{
  DdbPriceSet *set;
  guint32 julian;

  g_return_val_if_fail (DDB_IS_PRICE_CATALOG (self), NULL);
  g_return_val_if_fail (date != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_ddb_price_catalog_parse_iso_date (date, &julian))
    {
      g_set_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_VALIDATION,
                   "Invalid date \"%s\" (expected YYYY-MM-DD)", date);
      return NULL;
    }

  set = lookup_set_for_julian (self, julian);
  if (set == NULL)
    g_set_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_CATALOG,
                 "%s: no prices in force on %s", self->region, date);

  return set;
}
