/* ddb-transaction-tokens.h
 *
 * The ClientRequestToken register of TransactWriteItems: which tokens were used in the
 * last ten simulated minutes, and for which request.
 *
 * DynamoDB: "A client request token is valid for 10 minutes after the first request that
 * uses it completes.  After 10 minutes, any request with the same client token is treated
 * as a new request.  If you submit a request with the same client token but a change in
 * other parameters within the 10-minute idempotency window, DynamoDB returns an
 * IdempotentParameterMismatch exception."  The register lives in memory with the engine:
 * reopening a database file starts a new window (a documented simplification).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How long a token stays bound to its request, in simulated time. */
#define DDB_TRANSACTION_TOKEN_WINDOW_USEC (G_GINT64_CONSTANT (10) * 60 * G_USEC_PER_SEC)

typedef enum
{
  DDB_TOKEN_NEW,        /* not seen in the window: run the request */
  DDB_TOKEN_REPLAY,     /* seen with the same request: do nothing, succeed */
  DDB_TOKEN_MISMATCH,   /* seen with another request: IdempotentParameterMismatch */
} DdbTokenState;

typedef struct _DdbTransactionTokens DdbTransactionTokens;

DdbTransactionTokens *ddb_transaction_tokens_new    (void);
void                  ddb_transaction_tokens_free   (DdbTransactionTokens *tokens);
DdbTokenState         ddb_transaction_tokens_check  (DdbTransactionTokens *tokens,
                                                     const char           *token,
                                                     const char           *fingerprint,
                                                     gint64                now_usec);
void                  ddb_transaction_tokens_record (DdbTransactionTokens *tokens,
                                                     const char           *token,
                                                     const char           *fingerprint,
                                                     gint64                now_usec);
guint                 ddb_transaction_tokens_count  (DdbTransactionTokens *tokens);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DdbTransactionTokens, ddb_transaction_tokens_free)

G_END_DECLS
