/* ddb-item.c
 *
 * Item sizes and limits.
 *
 * The size of an item is the sum over its top-level attributes of the UTF-8 length of the
 * name plus the size of the value (rulebook 1.1).  An M value's cached size adds 3 bytes
 * for the map and 1 per entry, which an item does not have, so the item size is derived
 * from it in constant time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-item"

#include "config.h"

#include "ddb-item.h"
#include "ddb-model-error.h"

/**
 * ddb_item_size:
 * @item: an item (an M value)
 *
 * Returns: the item's size in bytes as DynamoDB counts it for the 400 KB limit and for
 *   capacity units.
 */
gsize
ddb_item_size (const DdbValue *item)
{
  gsize n_attributes;

  g_return_val_if_fail (item != NULL && ddb_value_get_kind (item) == DDB_KIND_M, 0);

  n_attributes = ddb_value_get_length (item);

  return ddb_value_size (item) - 3 - n_attributes;
}

/**
 * ddb_item_check_size:
 * @item: an item
 * @for_update: TRUE when the item results from an UpdateItem, whose message differs
 * @error: return location for a %DDB_MODEL_ERROR_VALIDATION error
 *
 * Checks the 400 KB limit: 409,600 bytes is accepted, 409,601 refused (TV-11).
 *
 * Returns: TRUE if @item fits.
 */
gboolean
ddb_item_check_size (const DdbValue  *item,
                     gboolean         for_update,
                     GError         **error)
{
  g_return_val_if_fail (item != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (ddb_item_size (item) <= DDB_ITEM_MAX_BYTES)
    return TRUE;

  g_set_error_literal (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_VALIDATION,
                       for_update ? "Item size to update has exceeded the maximum allowed size"
                                  : "Item size has exceeded the maximum allowed size");
  return FALSE;
}

/**
 * ddb_key_value_check:
 * @value: the value of a key attribute (its type is checked by the caller, who knows the
 *   schema)
 * @role: partition or sort key
 * @attribute_name: the key attribute's name, for the message
 * @error: return location for a %DDB_MODEL_ERROR_VALIDATION error
 *
 * Checks what DynamoDB requires of every key value: S and B values are not empty, a
 * partition key is at most 2,048 bytes and a sort key at most 1,024 bytes.  Numbers are
 * always within the limits.
 *
 * Returns: TRUE if @value may be a key.
 */
gboolean
ddb_key_value_check (const DdbValue  *value,
                     DdbKeyRole       role,
                     const char      *attribute_name,
                     GError         **error)
{
  DdbKind kind;
  gsize size;

  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (attribute_name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kind = ddb_value_get_kind (value);
  if (kind == DDB_KIND_N)
    return TRUE;

  g_return_val_if_fail (kind == DDB_KIND_S || kind == DDB_KIND_B, FALSE);

  size = ddb_value_size (value);
  if (size == 0)
    {
      g_set_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_VALIDATION,
                   "One or more parameter values are not valid. The AttributeValue for a key "
                   "attribute cannot contain an empty %s value. Key: %s",
                   kind == DDB_KIND_S ? "string" : "binary", attribute_name);
      return FALSE;
    }

  if (role == DDB_KEY_ROLE_PARTITION && size > DDB_PARTITION_KEY_MAX_BYTES)
    {
      /* Sic: DynamoDB's message has no space in "of2048". */
      g_set_error_literal (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_VALIDATION,
                           "One or more parameter values were invalid: Size of hashkey has "
                           "exceeded the maximum size limit of2048 bytes");
      return FALSE;
    }

  if (role == DDB_KEY_ROLE_SORT && size > DDB_SORT_KEY_MAX_BYTES)
    {
      g_set_error_literal (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_VALIDATION,
                           "One or more parameter values were invalid: Aggregated size of all "
                           "range keys has exceeded the size limit of 1024 bytes");
      return FALSE;
    }

  return TRUE;
}
