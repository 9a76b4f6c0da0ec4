/* ddb-transaction-tokens.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-transaction-tokens"

#include "config.h"

#include "ddb-transaction-tokens.h"

struct _DdbTransactionTokens
{
  GHashTable *entries;              /* token -> Entry */
};

typedef struct
{
  char   *fingerprint;              /* what the request was, see ddb-engine-transact.c */
  gint64  expires_usec;
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->fingerprint);
  g_free (entry);
}

DdbTransactionTokens *
ddb_transaction_tokens_new (void)
{
  DdbTransactionTokens *tokens = g_new0 (DdbTransactionTokens, 1);

  tokens->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify)entry_free);

  return tokens;
}

void
ddb_transaction_tokens_free (DdbTransactionTokens *tokens)
{
  if (tokens == NULL)
    return;

  g_hash_table_unref (tokens->entries);
  g_free (tokens);
}

static gboolean
entry_expired (gpointer key,
               gpointer value,
               gpointer user_data)
{
  const Entry *entry = value;
  gint64 now_usec = *(const gint64 *)user_data;

  return entry->expires_usec <= now_usec;
}

/* Forgets the tokens whose window closed: the register stays as small as ten minutes of
 * transactions, whatever the length of the simulation. */
static void
expire (DdbTransactionTokens *tokens,
        gint64                now_usec)
{
  g_hash_table_foreach_remove (tokens->entries, entry_expired, &now_usec);
}

DdbTokenState
ddb_transaction_tokens_check (DdbTransactionTokens *tokens,
                              const char           *token,
                              const char           *fingerprint,
                              gint64                now_usec)
{
  const Entry *entry;

  g_return_val_if_fail (tokens != NULL && token != NULL && fingerprint != NULL, DDB_TOKEN_NEW);

  expire (tokens, now_usec);
  entry = g_hash_table_lookup (tokens->entries, token);
  if (entry == NULL)
    return DDB_TOKEN_NEW;

  return g_str_equal (entry->fingerprint, fingerprint) ? DDB_TOKEN_REPLAY : DDB_TOKEN_MISMATCH;
}

/* Binds @token to the request that just completed, for the next ten minutes. */
void
ddb_transaction_tokens_record (DdbTransactionTokens *tokens,
                               const char           *token,
                               const char           *fingerprint,
                               gint64                now_usec)
{
  Entry *entry;

  g_return_if_fail (tokens != NULL && token != NULL && fingerprint != NULL);

  entry = g_new0 (Entry, 1);
  entry->fingerprint = g_strdup (fingerprint);
  entry->expires_usec = now_usec + DDB_TRANSACTION_TOKEN_WINDOW_USEC;
  g_hash_table_replace (tokens->entries, g_strdup (token), entry);
}

/* The tokens held: those in their window, and expired ones not yet forgotten (the next
 * check forgets them).  For tests and diagnostics. */
guint
ddb_transaction_tokens_count (DdbTransactionTokens *tokens)
{
  g_return_val_if_fail (tokens != NULL, 0);

  return g_hash_table_size (tokens->entries);
}
