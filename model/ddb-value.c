/* ddb-value.c
 *
 * Immutable, reference-counted DynamoDB attribute values.
 *
 * Design notes
 * ------------
 * Every value is a single allocation: the DdbValue header followed by its payload (the
 * bytes of an S or B value, the element pointers of an L or a set, the entries and the
 * names of an M).  Values are built bottom-up and never change afterwards, so the things
 * callers ask for often are computed once at construction and cached in the header:
 *
 *   size   the value's size by the rules of rulebook section 1.1, so that the size of an
 *          item of any depth is O(number of top-level attributes);
 *   depth  the nesting level of lists and maps (0 for scalars and sets).
 *
 * Invariants (checked by ddb_value_check() in debug builds):
 *
 *   V1  ref_count >= 1
 *   V2  M entries are sorted by strcmp() of their names and the names are unique
 *   V3  set members have the set's member kind, are sorted by ddb_value_compare_scalar()
 *       and unique; a set has at least one member
 *   V4  size and depth are what ddb_value_compute_size() / _depth() give
 *
 * Reference counts are atomic because finished values are handed between the engine's
 * thread and the UI thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-value"

#include "config.h"

#include <string.h>

#include "ddb-model-error.h"
#include "ddb-value-private.h"

typedef struct
{
  const char *name;
  gsize       name_length;
  DdbValue   *value;
} DdbMapEntry;

struct _DdbValue
{
  gint   ref_count;
  guint8 kind;
  guint8 depth;
  gsize  size;
  union
  {
    struct
    {
      const char *data;       /* NUL-terminated for S; B may contain NULs */
      gsize       length;
    } bytes;
    DdbNumber number;
    gboolean  boolean;
    struct
    {
      DdbValue **elements;
      gsize      length;
    } list;                   /* L and the three sets */
    struct
    {
      DdbMapEntry *entries;
      gsize        length;
    } map;
  } u;
};

G_DEFINE_BOXED_TYPE (DdbValue, ddb_value, ddb_value_ref, ddb_value_unref)

/* ---------------------------------------------------------------------------------------
 * Kinds
 * ------------------------------------------------------------------------------------- */

static const char * const kind_names[DDB_KIND_COUNT] = {
  [DDB_KIND_S] = "S",
  [DDB_KIND_N] = "N",
  [DDB_KIND_B] = "B",
  [DDB_KIND_BOOL] = "BOOL",
  [DDB_KIND_NULL] = "NULL",
  [DDB_KIND_L] = "L",
  [DDB_KIND_M] = "M",
  [DDB_KIND_SS] = "SS",
  [DDB_KIND_NS] = "NS",
  [DDB_KIND_BS] = "BS",
};

/* Returns the DynamoDB type descriptor of @kind ("S", "NS", ...), a static string. */
const char *
ddb_kind_to_string (DdbKind kind)
{
  g_return_val_if_fail ((guint)kind < DDB_KIND_COUNT, NULL);

  return kind_names[kind];
}

/* Parses a type descriptor ("S", "N", ... "BS").  Returns FALSE for anything else. */
gboolean
ddb_kind_from_string (const char *name,
                      DdbKind    *kind)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < DDB_KIND_COUNT; i++)
    {
      if (strcmp (name, kind_names[i]) == 0)
        {
          if (kind != NULL)
            *kind = (DdbKind)i;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
ddb_kind_is_set (DdbKind kind)
{
  return kind == DDB_KIND_SS || kind == DDB_KIND_NS || kind == DDB_KIND_BS;
}

/* TRUE for the three kinds a key attribute may have: S, N and B. */
gboolean
ddb_kind_is_scalar_key (DdbKind kind)
{
  return kind == DDB_KIND_S || kind == DDB_KIND_N || kind == DDB_KIND_B;
}

/* The kind of the members of a set kind: SS -> S, NS -> N, BS -> B. */
DdbKind
ddb_kind_set_member (DdbKind set_kind)
{
  g_return_val_if_fail (ddb_kind_is_set (set_kind), DDB_KIND_S);

  return set_kind == DDB_KIND_SS ? DDB_KIND_S : set_kind == DDB_KIND_NS ? DDB_KIND_N : DDB_KIND_B;
}

/* The set kind whose members are @member_kind: S -> SS, N -> NS, B -> BS. */
DdbKind
ddb_kind_set_of (DdbKind member_kind)
{
  g_return_val_if_fail (ddb_kind_is_scalar_key (member_kind), DDB_KIND_SS);

  return member_kind == DDB_KIND_S ? DDB_KIND_SS
       : member_kind == DDB_KIND_N ? DDB_KIND_NS
       : DDB_KIND_BS;
}

/* ---------------------------------------------------------------------------------------
 * Allocation and invariants
 * ------------------------------------------------------------------------------------- */

static DdbValue *
ddb_value_alloc (DdbKind kind,
                 gsize   payload_size)
{
  DdbValue *self = g_malloc (sizeof (DdbValue) + payload_size);

  self->ref_count = 1;
  self->kind = kind;
  self->depth = 0;
  self->size = 0;

  return self;
}

static gpointer
ddb_value_payload (DdbValue *self)
{
  return self + 1;
}

static gsize
ddb_value_compute_size (const DdbValue *self)
{
  gsize size = 0;

  switch ((DdbKind)self->kind)
    {
    case DDB_KIND_S:
    case DDB_KIND_B:
      return self->u.bytes.length;

    case DDB_KIND_N:
      return ddb_number_size (&self->u.number);

    case DDB_KIND_BOOL:
    case DDB_KIND_NULL:
      return 1;

    case DDB_KIND_L:
      /* 3 bytes per list plus 1 per element (rulebook 1.1). */
      size = 3;
      for (gsize i = 0; i < self->u.list.length; i++)
        size += 1 + self->u.list.elements[i]->size;
      return size;

    case DDB_KIND_M:
      /* 3 bytes per map plus 1 per entry; keys count like attribute names. */
      size = 3;
      for (gsize i = 0; i < self->u.map.length; i++)
        size += 1 + self->u.map.entries[i].name_length + self->u.map.entries[i].value->size;
      return size;

    case DDB_KIND_SS:
    case DDB_KIND_NS:
    case DDB_KIND_BS:
      /* Sets have no overhead of their own: the sum of their members. */
      for (gsize i = 0; i < self->u.list.length; i++)
        size += self->u.list.elements[i]->size;
      return size;

    default:
      g_assert_not_reached ();
    }
}

static guint
ddb_value_compute_depth (const DdbValue *self)
{
  guint depth = 0;

  if (self->kind == DDB_KIND_L)
    {
      for (gsize i = 0; i < self->u.list.length; i++)
        depth = MAX (depth, self->u.list.elements[i]->depth);
      return depth + 1;
    }

  if (self->kind == DDB_KIND_M)
    {
      for (gsize i = 0; i < self->u.map.length; i++)
        depth = MAX (depth, self->u.map.entries[i].value->depth);
      return depth + 1;
    }

  return 0;
}

#ifndef G_DISABLE_ASSERT
static gboolean
ddb_value_check (const DdbValue *self)
{
  g_assert (self->ref_count >= 1);                                         /* V1 */

  if (self->kind == DDB_KIND_M)
    for (gsize i = 1; i < self->u.map.length; i++)
      g_assert (strcmp (self->u.map.entries[i - 1].name,                   /* V2 */
                        self->u.map.entries[i].name) < 0);

  if (ddb_kind_is_set (self->kind))
    {
      g_assert (self->u.list.length > 0);                                 /* V3 */
      for (gsize i = 0; i < self->u.list.length; i++)
        g_assert (self->u.list.elements[i]->kind == ddb_kind_set_member (self->kind));
      for (gsize i = 1; i < self->u.list.length; i++)
        g_assert (ddb_value_compare_scalar (self->u.list.elements[i - 1],
                                            self->u.list.elements[i]) < 0);
    }

  g_assert (self->size == ddb_value_compute_size (self));                 /* V4 */
  g_assert (self->depth == MIN (ddb_value_compute_depth (self), G_MAXUINT8));

  return TRUE;
}
#endif

/* Caches size and depth; the last step of every constructor. */
static DdbValue *
ddb_value_seal (DdbValue *self)
{
  self->size = ddb_value_compute_size (self);
  /* Depth saturates: anything past DDB_VALUE_MAX_DEPTH is refused by callers anyway. */
  self->depth = MIN (ddb_value_compute_depth (self), G_MAXUINT8);

  g_assert (ddb_value_check (self));

  return self;
}

/**
 * ddb_value_ref:
 * @value: a value
 *
 * Returns: (transfer full): @value with one more reference.
 */
DdbValue *
ddb_value_ref (DdbValue *value)
{
  g_return_val_if_fail (value != NULL, NULL);

  g_atomic_int_inc (&value->ref_count);

  return value;
}

/**
 * ddb_value_unref:
 * @value: (transfer full): a value
 *
 * Drops one reference; the last one frees the value and releases its children.
 */
void
ddb_value_unref (DdbValue *value)
{
  g_return_if_fail (value != NULL);

  if (!g_atomic_int_dec_and_test (&value->ref_count))
    return;

  switch ((DdbKind)value->kind)
    {
    case DDB_KIND_L:
    case DDB_KIND_SS:
    case DDB_KIND_NS:
    case DDB_KIND_BS:
      for (gsize i = 0; i < value->u.list.length; i++)
        ddb_value_unref (value->u.list.elements[i]);
      break;

    case DDB_KIND_M:
      for (gsize i = 0; i < value->u.map.length; i++)
        ddb_value_unref (value->u.map.entries[i].value);
      break;

    case DDB_KIND_S:
    case DDB_KIND_N:
    case DDB_KIND_B:
    case DDB_KIND_BOOL:
    case DDB_KIND_NULL:
    default:
      break;
    }

  g_free (value);
}

/* ---------------------------------------------------------------------------------------
 * Scalars
 * ------------------------------------------------------------------------------------- */

static DdbValue *
ddb_value_new_bytes (DdbKind       kind,
                     const guint8 *data,
                     gsize         length)
{
  DdbValue *self = ddb_value_alloc (kind, length + 1);
  char *payload = ddb_value_payload (self);

  if (length > 0)
    memcpy (payload, data, length);
  payload[length] = '\0';
  self->u.bytes.data = payload;
  self->u.bytes.length = length;

  return ddb_value_seal (self);
}

/**
 * ddb_value_new_string:
 * @utf8: valid UTF-8 text
 * @length: its length in bytes, or -1 if NUL-terminated
 *
 * Returns: (transfer full): a new S value holding a copy of @utf8.
 */
DdbValue *
ddb_value_new_string (const char *utf8,
                      gssize      length)
{
  g_return_val_if_fail (utf8 != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (utf8);

  g_return_val_if_fail (g_utf8_validate (utf8, length, NULL), NULL);

  return ddb_value_new_bytes (DDB_KIND_S, (const guint8 *)utf8, length);
}

/* g_utf8_validate() with a fast path for ASCII, which most stored text is: eight bytes
 * at a time while no byte has its high bit set. */
gboolean
_ddb_utf8_validate (const char *text,
                    gsize       length)
{
  gsize i = 0;

  for (; i + 8 <= length; i += 8)
    {
      guint64 word;

      memcpy (&word, text + i, 8);
      if (word & G_GUINT64_CONSTANT (0x8080808080808080))
        break;
    }

  /* A multi-byte character can only start at a byte with its high bit set, so the scan
   * resumes at an ASCII boundary. */
  return g_utf8_validate (text + i, length - i, NULL);
}

/* An S value from text the caller has already validated as UTF-8 (ddb-value-private.h). */
DdbValue *
_ddb_value_new_string_trusted (const char *utf8,
                               gsize       length)
{
  g_assert (utf8 != NULL || length == 0);

  return ddb_value_new_bytes (DDB_KIND_S, (const guint8 *)utf8, length);
}

/**
 * ddb_value_new_binary:
 * @data: (array length=length): raw bytes (not base64)
 * @length: number of bytes
 *
 * Returns: (transfer full): a new B value holding a copy of @data.
 */
DdbValue *
ddb_value_new_binary (const guint8 *data,
                      gsize         length)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  return ddb_value_new_bytes (DDB_KIND_B, data, length);
}

/* Returns: (transfer full): a new N value equal to @number (which must be canonical). */
DdbValue *
ddb_value_new_number (const DdbNumber *number)
{
  DdbValue *self;

  g_return_val_if_fail (number != NULL, NULL);

  self = ddb_value_alloc (DDB_KIND_N, 0);
  self->u.number = *number;

  return ddb_value_seal (self);
}

/* Returns: (transfer full): a new N value equal to @number. */
DdbValue *
ddb_value_new_int64 (gint64 number)
{
  DdbNumber n;

  ddb_number_set_int64 (&n, number);

  return ddb_value_new_number (&n);
}

/* Returns: (transfer full): a new BOOL value. */
DdbValue *
ddb_value_new_bool (gboolean boolean)
{
  DdbValue *self = ddb_value_alloc (DDB_KIND_BOOL, 0);

  self->u.boolean = !!boolean;

  return ddb_value_seal (self);
}

/* Returns: (transfer full): a new NULL value (DynamoDB's {"NULL": true}). */
DdbValue *
ddb_value_new_null (void)
{
  return ddb_value_seal (ddb_value_alloc (DDB_KIND_NULL, 0));
}

/* ---------------------------------------------------------------------------------------
 * Containers
 * ------------------------------------------------------------------------------------- */

static DdbValue *
ddb_value_new_elements (DdbKind    kind,
                        DdbValue **elements,
                        gsize      n_elements)
{
  DdbValue *self = ddb_value_alloc (kind, n_elements * sizeof (DdbValue *));

  self->u.list.elements = ddb_value_payload (self);
  self->u.list.length = n_elements;
  if (n_elements > 0)
    memcpy (self->u.list.elements, elements, n_elements * sizeof (DdbValue *));

  return self;
}

/**
 * ddb_value_new_list_take:
 * @elements: (array length=n_elements) (transfer full): the elements, in order
 * @n_elements: their number; 0 makes an empty list
 *
 * Returns: (transfer full): a new L value.  The element references are stolen.
 */
DdbValue *
ddb_value_new_list_take (DdbValue **elements,
                         gsize      n_elements)
{
  g_return_val_if_fail (elements != NULL || n_elements == 0, NULL);

  return ddb_value_seal (ddb_value_new_elements (DDB_KIND_L, elements, n_elements));
}

static int
ddb_map_entry_compare (gconstpointer a,
                       gconstpointer b)
{
  const DdbMapEntry *ea = a;
  const DdbMapEntry *eb = b;

  return strcmp (ea->name, eb->name);
}

/**
 * ddb_value_new_map_take:
 * @names: (array length=n_entries): entry names, unique, valid UTF-8; copied
 * @values: (array length=n_entries) (transfer full): entry values; stolen
 * @n_entries: number of entries; 0 makes an empty map
 *
 * Returns: (transfer full): a new M value, its entries sorted by name.
 */
DdbValue *
ddb_value_new_map_take (const char **names,
                        DdbValue   **values,
                        gsize        n_entries)
{
  DdbValue *self;
  gsize names_size = 0;
  char *name_storage;

  g_return_val_if_fail (n_entries == 0 || (names != NULL && values != NULL), NULL);

  for (gsize i = 0; i < n_entries; i++)
    names_size += strlen (names[i]) + 1;

  self = ddb_value_alloc (DDB_KIND_M, n_entries * sizeof (DdbMapEntry) + names_size);
  self->u.map.entries = ddb_value_payload (self);
  self->u.map.length = n_entries;
  name_storage = (char *)(self->u.map.entries + n_entries);

  for (gsize i = 0; i < n_entries; i++)
    {
      gsize length = strlen (names[i]);

      memcpy (name_storage, names[i], length + 1);
      self->u.map.entries[i].name = name_storage;
      self->u.map.entries[i].name_length = length;
      self->u.map.entries[i].value = values[i];
      name_storage += length + 1;
    }

  qsort (self->u.map.entries, n_entries, sizeof (DdbMapEntry), ddb_map_entry_compare);

  for (gsize i = 1; i < n_entries; i++)
    {
      if (strcmp (self->u.map.entries[i - 1].name, self->u.map.entries[i].name) == 0)
        {
          g_critical ("%s: duplicate map entry name '%s'", G_STRFUNC,
                      self->u.map.entries[i].name);
          ddb_value_unref (self);
          return NULL;
        }
    }

  return ddb_value_seal (self);
}

/* An M value from entries already in canonical order: names strictly increasing by
 * strcmp() (the caller checked), given with their lengths and without NULs.  The values are
 * stolen.  Skips the sort that ddb_value_new_map_take() does. */
DdbValue *
_ddb_value_new_map_sorted (const char **names,
                           const gsize *name_lengths,
                           DdbValue   **values,
                           gsize        n_entries)
{
  DdbValue *self;
  gsize names_size = 0;
  char *name_storage;

  for (gsize i = 0; i < n_entries; i++)
    names_size += name_lengths[i] + 1;

  self = ddb_value_alloc (DDB_KIND_M, n_entries * sizeof (DdbMapEntry) + names_size);
  self->u.map.entries = ddb_value_payload (self);
  self->u.map.length = n_entries;
  name_storage = (char *)(self->u.map.entries + n_entries);

  for (gsize i = 0; i < n_entries; i++)
    {
      memcpy (name_storage, names[i], name_lengths[i]);
      name_storage[name_lengths[i]] = '\0';
      self->u.map.entries[i].name = name_storage;
      self->u.map.entries[i].name_length = name_lengths[i];
      self->u.map.entries[i].value = values[i];
      name_storage += name_lengths[i] + 1;
    }

  /* ddb_value_seal() checks the order in debug builds (invariant V2). */
  return ddb_value_seal (self);
}

static int
ddb_value_compare_members (gconstpointer a,
                           gconstpointer b)
{
  return ddb_value_compare_scalar (*(DdbValue * const *)a, *(DdbValue * const *)b);
}

/* Formats a set's members the way DynamoDB lists them in its duplicate message:
 * "[a, a]", binary members in base64, in the order the request gave them. */
static char *
ddb_value_format_members (DdbValue **members,
                          gsize      n_members)
{
  GString *text = g_string_new ("[");

  for (gsize i = 0; i < n_members; i++)
    {
      const DdbValue *member = members[i];

      if (i > 0)
        g_string_append (text, ", ");

      if (member->kind == DDB_KIND_B)
        {
          g_autofree char *base64 = g_base64_encode ((const guchar *)member->u.bytes.data,
                                                     member->u.bytes.length);
          g_string_append (text, base64);
        }
      else
        g_string_append_len (text, member->u.bytes.data, member->u.bytes.length);
    }

  g_string_append_c (text, ']');

  return g_string_free (text, FALSE);
}

static void
ddb_value_set_empty_error (DdbKind   set_kind,
                           GError  **error)
{
  const char *message;

  /* DynamoDB's own wording, double space and all. */
  switch (set_kind)
    {
    case DDB_KIND_SS:
      message = "An string set  may not be empty";
      break;
    case DDB_KIND_NS:
      message = "An number set  may not be empty";
      break;
    case DDB_KIND_BS:
    case DDB_KIND_S:
    case DDB_KIND_N:
    case DDB_KIND_B:
    case DDB_KIND_BOOL:
    case DDB_KIND_NULL:
    case DDB_KIND_L:
    case DDB_KIND_M:
    default:
      message = "Binary sets should not be empty";
      break;
    }

  g_set_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_VALIDATION,
               "One or more parameter values were invalid: %s", message);
}

static void
ddb_value_set_duplicate_error (DdbKind    set_kind,
                               DdbValue **members,
                               gsize      n_members,
                               GError   **error)
{
  g_autofree char *listing = NULL;

  if (set_kind == DDB_KIND_NS)
    {
      g_set_error_literal (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_VALIDATION,
                           "Input collection contains duplicates");
      return;
    }

  listing = ddb_value_format_members (members, n_members);
  g_set_error (error, DDB_MODEL_ERROR, DDB_MODEL_ERROR_VALIDATION,
               "One or more parameter values were invalid: Input collection %s%s contains "
               "duplicates.",
               listing, set_kind == DDB_KIND_BS ? "of type BS" : "");
}

/**
 * ddb_value_new_set_take:
 * @set_kind: %DDB_KIND_SS, %DDB_KIND_NS or %DDB_KIND_BS
 * @members: (array length=n_members) (transfer full): the members, all of the set's
 *   member kind; stolen whether or not the call succeeds
 * @n_members: their number
 * @error: return location for a %DDB_MODEL_ERROR_VALIDATION error
 *
 * Builds a set.  DynamoDB refuses empty sets and sets with duplicate members (NS members
 * are compared as numbers, so "1" and "1.0" are duplicates); so does this function, with
 * DynamoDB's message.
 *
 * Returns: (transfer full) (nullable): the set, or %NULL with @error set.
 */
DdbValue *
ddb_value_new_set_take (DdbKind    set_kind,
                        DdbValue **members,
                        gsize      n_members,
                        GError   **error)
{
  g_autoptr(DdbValue) self = NULL;

  g_return_val_if_fail (ddb_kind_is_set (set_kind), NULL);
  g_return_val_if_fail (members != NULL || n_members == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (gsize i = 0; i < n_members; i++)
    g_return_val_if_fail (members[i]->kind == ddb_kind_set_member (set_kind), NULL);

  if (n_members == 0)
    {
      ddb_value_set_empty_error (set_kind, error);
      return NULL;
    }

  /* Built before the duplicate check so that the members are released on failure too. */
  self = ddb_value_new_elements (set_kind, members, n_members);
  qsort (self->u.list.elements, n_members, sizeof (DdbValue *), ddb_value_compare_members);

  for (gsize i = 1; i < n_members; i++)
    {
      if (ddb_value_compare_scalar (self->u.list.elements[i - 1], self->u.list.elements[i]) == 0)
        {
          /* The message lists the members as given, so format from @members. */
          ddb_value_set_duplicate_error (set_kind, members, n_members, error);
          return NULL;
        }
    }

  return ddb_value_seal (g_steal_pointer (&self));
}

/* ---------------------------------------------------------------------------------------
 * Accessors
 * ------------------------------------------------------------------------------------- */

DdbKind
ddb_value_get_kind (const DdbValue *value)
{
  g_return_val_if_fail (value != NULL, DDB_KIND_NULL);

  return value->kind;
}

/* Returns: (transfer none): the UTF-8 text of an S value, NUL-terminated. */
const char *
ddb_value_get_string (const DdbValue *value,
                      gsize          *length)
{
  g_return_val_if_fail (value != NULL && value->kind == DDB_KIND_S, NULL);

  if (length != NULL)
    *length = value->u.bytes.length;

  return value->u.bytes.data;
}

/* Returns: (transfer none): the bytes of a B value. */
const guint8 *
ddb_value_get_binary (const DdbValue *value,
                      gsize          *length)
{
  g_return_val_if_fail (value != NULL && value->kind == DDB_KIND_B, NULL);

  if (length != NULL)
    *length = value->u.bytes.length;

  return (const guint8 *)value->u.bytes.data;
}

/* Returns: (transfer none): the number of an N value. */
const DdbNumber *
ddb_value_get_number (const DdbValue *value)
{
  g_return_val_if_fail (value != NULL && value->kind == DDB_KIND_N, NULL);

  return &value->u.number;
}

gboolean
ddb_value_get_bool (const DdbValue *value)
{
  g_return_val_if_fail (value != NULL && value->kind == DDB_KIND_BOOL, FALSE);

  return value->u.boolean;
}

static gboolean
ddb_value_is_container (const DdbValue *value)
{
  return value->kind == DDB_KIND_L || value->kind == DDB_KIND_M || ddb_kind_is_set (value->kind);
}

/* The number of elements of an L, entries of an M, or members of a set. */
gsize
ddb_value_get_length (const DdbValue *value)
{
  g_return_val_if_fail (value != NULL && ddb_value_is_container (value), 0);

  return value->kind == DDB_KIND_M ? value->u.map.length : value->u.list.length;
}

/* Returns: (transfer none): element @index of an L or a set, or the value of entry @index
 * of an M (entries are in name order). */
DdbValue *
ddb_value_get_element (const DdbValue *value,
                       gsize           index)
{
  g_return_val_if_fail (value != NULL && ddb_value_is_container (value), NULL);
  g_return_val_if_fail (index < ddb_value_get_length (value), NULL);

  if (value->kind == DDB_KIND_M)
    return value->u.map.entries[index].value;

  return value->u.list.elements[index];
}

/* Returns: (transfer none): the name of entry @index of an M. */
const char *
ddb_value_get_name (const DdbValue *map,
                    gsize           index)
{
  g_return_val_if_fail (map != NULL && map->kind == DDB_KIND_M, NULL);
  g_return_val_if_fail (index < map->u.map.length, NULL);

  return map->u.map.entries[index].name;
}

/* Returns: (transfer none) (nullable): the value of entry @name of an M, or %NULL. */
DdbValue *
ddb_value_lookup (const DdbValue *map,
                  const char     *name)
{
  gsize low = 0;
  gsize high;

  g_return_val_if_fail (map != NULL && map->kind == DDB_KIND_M, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  high = map->u.map.length;
  while (low < high)
    {
      gsize middle = low + (high - low) / 2;
      int cmp = strcmp (name, map->u.map.entries[middle].name);

      if (cmp == 0)
        return map->u.map.entries[middle].value;
      if (cmp < 0)
        high = middle;
      else
        low = middle + 1;
    }

  return NULL;
}

/* ---------------------------------------------------------------------------------------
 * Comparison
 * ------------------------------------------------------------------------------------- */

static int
ddb_compare_bytes (const char *a,
                   gsize       a_length,
                   const char *b,
                   gsize       b_length)
{
  int cmp = memcmp (a, b, MIN (a_length, b_length));

  if (cmp != 0)
    return cmp;

  return a_length < b_length ? -1 : a_length > b_length ? 1 : 0;
}

/**
 * ddb_value_compare_scalar:
 *
 * Orders two S, two N or two B values as DynamoDB orders them: strings and binaries by
 * their bytes (UTF-8 for strings), numbers by value.  Values of different kinds are
 * ordered by kind, which DynamoDB never needs but keeps the function total.
 *
 * Returns: negative, zero or positive as @a is less than, equal to or greater than @b.
 */
int
ddb_value_compare_scalar (const DdbValue *a,
                          const DdbValue *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, 0);

  if (a->kind != b->kind)
    return a->kind < b->kind ? -1 : 1;

  switch ((DdbKind)a->kind)
    {
    case DDB_KIND_S:
    case DDB_KIND_B:
      return ddb_compare_bytes (a->u.bytes.data, a->u.bytes.length,
                                b->u.bytes.data, b->u.bytes.length);
    case DDB_KIND_N:
      return ddb_number_compare (&a->u.number, &b->u.number);
    case DDB_KIND_BOOL:
      return (int)a->u.boolean - (int)b->u.boolean;
    case DDB_KIND_NULL:
      return 0;
    case DDB_KIND_L:
    case DDB_KIND_M:
    case DDB_KIND_SS:
    case DDB_KIND_NS:
    case DDB_KIND_BS:
    default:
      g_return_val_if_reached (0);
    }
}

/* TRUE if @a and @b are the same DynamoDB value (sets compare as sets, maps as maps). */
gboolean
ddb_value_equal (const DdbValue *a,
                 const DdbValue *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a == b)
    return TRUE;
  if (a->kind != b->kind || a->size != b->size)
    return FALSE;

  switch ((DdbKind)a->kind)
    {
    case DDB_KIND_S:
    case DDB_KIND_B:
    case DDB_KIND_N:
    case DDB_KIND_BOOL:
    case DDB_KIND_NULL:
      return ddb_value_compare_scalar (a, b) == 0;

    case DDB_KIND_L:
    case DDB_KIND_SS:
    case DDB_KIND_NS:
    case DDB_KIND_BS:
      if (a->u.list.length != b->u.list.length)
        return FALSE;
      for (gsize i = 0; i < a->u.list.length; i++)
        if (!ddb_value_equal (a->u.list.elements[i], b->u.list.elements[i]))
          return FALSE;
      return TRUE;

    case DDB_KIND_M:
      if (a->u.map.length != b->u.map.length)
        return FALSE;
      for (gsize i = 0; i < a->u.map.length; i++)
        if (strcmp (a->u.map.entries[i].name, b->u.map.entries[i].name) != 0 ||
            !ddb_value_equal (a->u.map.entries[i].value, b->u.map.entries[i].value))
          return FALSE;
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/* A hash consistent with ddb_value_equal(). */
guint
ddb_value_hash (const DdbValue *value)
{
  guint hash;

  g_return_val_if_fail (value != NULL, 0);

  hash = value->kind * 31u + (guint)value->size;

  switch ((DdbKind)value->kind)
    {
    case DDB_KIND_S:
    case DDB_KIND_B:
      for (gsize i = 0; i < value->u.bytes.length; i++)
        hash = hash * 31u + (guchar)value->u.bytes.data[i];
      return hash;

    case DDB_KIND_N:
      hash = hash * 31u + value->u.number.negative;
      hash = hash * 31u + (guint)value->u.number.exponent;
      for (guint i = 0; i < value->u.number.n_digits; i++)
        hash = hash * 31u + value->u.number.digits[i];
      return hash;

    case DDB_KIND_BOOL:
      return hash * 31u + (guint)value->u.boolean;

    case DDB_KIND_L:
    case DDB_KIND_SS:
    case DDB_KIND_NS:
    case DDB_KIND_BS:
      for (gsize i = 0; i < value->u.list.length; i++)
        hash = hash * 31u + ddb_value_hash (value->u.list.elements[i]);
      return hash;

    case DDB_KIND_M:
      for (gsize i = 0; i < value->u.map.length; i++)
        hash = (hash * 31u + g_str_hash (value->u.map.entries[i].name)) * 31u +
               ddb_value_hash (value->u.map.entries[i].value);
      return hash;

    case DDB_KIND_NULL:
    default:
      return hash;
    }
}

/* TRUE if the set @set has the member @member (a scalar of the set's member kind). */
gboolean
ddb_value_set_contains (const DdbValue *set,
                        const DdbValue *member)
{
  gsize low = 0;
  gsize high;

  g_return_val_if_fail (set != NULL && ddb_kind_is_set (set->kind), FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  if (member->kind != ddb_kind_set_member (set->kind))
    return FALSE;

  high = set->u.list.length;
  while (low < high)
    {
      gsize middle = low + (high - low) / 2;
      int cmp = ddb_value_compare_scalar (member, set->u.list.elements[middle]);

      if (cmp == 0)
        return TRUE;
      if (cmp < 0)
        high = middle;
      else
        low = middle + 1;
    }

  return FALSE;
}

/* ---------------------------------------------------------------------------------------
 * Size, depth, keys
 * ------------------------------------------------------------------------------------- */

/* The size of @value in bytes by rulebook section 1.1 (its name not included). */
gsize
ddb_value_size (const DdbValue *value)
{
  g_return_val_if_fail (value != NULL, 0);

  return value->size;
}

/* How deeply lists and maps nest in @value: 0 for a scalar or a set, 1 for a list or map
 * of scalars, and so on (saturating at 255). */
guint
ddb_value_depth (const DdbValue *value)
{
  g_return_val_if_fail (value != NULL, 0);

  return value->depth;
}

/**
 * ddb_value_encode_key:
 * @value: an S, N or B value
 * @out: the array the encoding is appended to
 *
 * Appends the order-preserving encoding of a key value: the UTF-8 bytes of a string, the
 * bytes of a binary, ddb_number_encode_key() of a number.  Encodings of the same kind
 * compare with memcmp() as DynamoDB orders sort keys.
 */
void
ddb_value_encode_key (const DdbValue *value,
                      GByteArray     *out)
{
  guint8 buffer[DDB_NUMBER_MAX_KEY_BYTES];
  gsize length;

  g_return_if_fail (value != NULL && ddb_kind_is_scalar_key (value->kind));
  g_return_if_fail (out != NULL);

  if (value->kind == DDB_KIND_N)
    {
      length = ddb_number_encode_key (&value->u.number, buffer);
      g_byte_array_append (out, buffer, length);
    }
  else
    g_byte_array_append (out, (const guint8 *)value->u.bytes.data, value->u.bytes.length);
}

/**
 * ddb_value_encode_key_into:
 * @value: an S, N or B value
 * @buffer: (out caller-allocates) (array length=capacity): where to write the encoding
 * @capacity: the buffer's size
 *
 * Writes what ddb_value_encode_key() would append, without allocating (the hot path of
 * every request).
 *
 * Returns: the length of the encoding; if it is more than @capacity, nothing was written.
 */
gsize
ddb_value_encode_key_into (const DdbValue *value,
                           guint8         *buffer,
                           gsize           capacity)
{
  guint8 number[DDB_NUMBER_MAX_KEY_BYTES];
  gsize length;

  g_return_val_if_fail (value != NULL && ddb_kind_is_scalar_key (value->kind), 0);
  g_return_val_if_fail (buffer != NULL || capacity == 0, 0);

  if (value->kind == DDB_KIND_N)
    {
      length = ddb_number_encode_key (&value->u.number, number);
      if (length <= capacity)
        memcpy (buffer, number, length);
      return length;
    }

  length = value->u.bytes.length;
  if (length <= capacity && length > 0)
    memcpy (buffer, value->u.bytes.data, length);

  return length;
}

/**
 * ddb_value_decode_key:
 * @kind: %DDB_KIND_S, %DDB_KIND_N or %DDB_KIND_B
 *
 * Inverts ddb_value_encode_key().
 *
 * Returns: (transfer full) (nullable): the value, or %NULL if @bytes is not a valid
 *   encoding of @kind (invalid UTF-8, a malformed number).
 */
DdbValue *
ddb_value_decode_key (DdbKind       kind,
                      const guint8 *bytes,
                      gsize         length)
{
  DdbNumber number;

  g_return_val_if_fail (ddb_kind_is_scalar_key (kind), NULL);
  g_return_val_if_fail (bytes != NULL || length == 0, NULL);

  switch (kind)
    {
    case DDB_KIND_S:
      if (!g_utf8_validate ((const char *)bytes, length, NULL))
        return NULL;
      return ddb_value_new_bytes (DDB_KIND_S, bytes, length);
    case DDB_KIND_B:
      return ddb_value_new_bytes (DDB_KIND_B, bytes, length);
    case DDB_KIND_N:
      if (!ddb_number_decode_key (bytes, length, &number))
        return NULL;
      return ddb_value_new_number (&number);
    case DDB_KIND_BOOL:
    case DDB_KIND_NULL:
    case DDB_KIND_L:
    case DDB_KIND_M:
    case DDB_KIND_SS:
    case DDB_KIND_NS:
    case DDB_KIND_BS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* ---------------------------------------------------------------------------------------
 * Map builder
 * ------------------------------------------------------------------------------------- */

struct _DdbMapBuilder
{
  GHashTable *entries;   /* name (owned) -> DdbValue (owned) */
};

/* Returns: (transfer full): an empty map builder. */
DdbMapBuilder *
ddb_map_builder_new (void)
{
  DdbMapBuilder *self = g_new0 (DdbMapBuilder, 1);

  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)ddb_value_unref);

  return self;
}

/* Returns: (transfer full): a builder holding the entries of the M value @map. */
DdbMapBuilder *
ddb_map_builder_new_from (const DdbValue *map)
{
  DdbMapBuilder *self;

  g_return_val_if_fail (map != NULL && map->kind == DDB_KIND_M, NULL);

  self = ddb_map_builder_new ();
  for (gsize i = 0; i < map->u.map.length; i++)
    ddb_map_builder_set (self, map->u.map.entries[i].name, map->u.map.entries[i].value);

  return self;
}

/* Sets entry @name to @value (a new reference is taken), replacing any previous value. */
void
ddb_map_builder_set (DdbMapBuilder *builder,
                     const char    *name,
                     DdbValue      *value)
{
  g_return_if_fail (builder != NULL && name != NULL && value != NULL);

  ddb_map_builder_set_take (builder, name, ddb_value_ref (value));
}

/* Sets entry @name to @value, stealing the caller's reference. */
void
ddb_map_builder_set_take (DdbMapBuilder *builder,
                          const char    *name,
                          DdbValue      *value)
{
  g_return_if_fail (builder != NULL && name != NULL && value != NULL);
  g_return_if_fail (g_utf8_validate (name, -1, NULL));

  g_hash_table_replace (builder->entries, g_strdup (name), value);
}

/* Removes entry @name.  Returns TRUE if there was one. */
gboolean
ddb_map_builder_remove (DdbMapBuilder *builder,
                        const char    *name)
{
  g_return_val_if_fail (builder != NULL && name != NULL, FALSE);

  return g_hash_table_remove (builder->entries, name);
}

/* Returns: (transfer none) (nullable): the current value of entry @name. */
DdbValue *
ddb_map_builder_lookup (DdbMapBuilder *builder,
                        const char    *name)
{
  g_return_val_if_fail (builder != NULL && name != NULL, NULL);

  return g_hash_table_lookup (builder->entries, name);
}

gsize
ddb_map_builder_get_size (DdbMapBuilder *builder)
{
  g_return_val_if_fail (builder != NULL, 0);

  return g_hash_table_size (builder->entries);
}

/**
 * ddb_map_builder_end:
 * @builder: (transfer full): a builder, freed by this call
 *
 * Returns: (transfer full): the M value with the builder's entries.
 */
DdbValue *
ddb_map_builder_end (DdbMapBuilder *builder)
{
  g_autofree const char **names = NULL;
  g_autofree DdbValue **values = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gsize n = 0;
  DdbValue *map;

  g_return_val_if_fail (builder != NULL, NULL);

  names = g_new (const char *, g_hash_table_size (builder->entries) + 1);
  values = g_new (DdbValue *, g_hash_table_size (builder->entries) + 1);

  /* Steal the values out of the table so their references move into the map. */
  g_hash_table_iter_init (&iter, builder->entries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      names[n] = key;
      values[n] = value;
      n++;
    }

  map = ddb_value_new_map_take (names, values, n);

  g_hash_table_steal_all (builder->entries);
  for (gsize i = 0; i < n; i++)
    g_free ((char *)names[i]);
  ddb_map_builder_free (builder);

  return map;
}

/* Frees @builder and everything it still holds. */
void
ddb_map_builder_free (DdbMapBuilder *builder)
{
  if (builder == NULL)
    return;

  g_hash_table_unref (builder->entries);
  g_free (builder);
}
