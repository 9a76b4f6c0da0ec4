/* differential-batch.c
 *
 * BatchWriteItem and TransactWriteItems in the differential test.
 *
 * A batch puts and deletes up to 25 distinct items, across the tables.  Each write is
 * atomic on its own and charged on its own, the table's units and every index's (rulebook
 * 2.2 and 2.3), and the response has one ConsumedCapacity per table, in the order the
 * tables first appear in the request.  Now and then a batch names one key twice: the
 * engine must refuse it whole and write nothing.
 *
 * A transaction runs up to 10 Put, Update, Delete and ConditionCheck actions on distinct
 * items, each with a random condition (a ConditionCheck always has one).  If any
 * condition fails, the transaction is cancelled: one reason per action, in order
 * ("ConditionalCheckFailed", with the item when ReturnValuesOnConditionCheckFailure asks
 * for it and there is one, or "None"), nothing changes and no capacity is reported.
 * Otherwise every action applies and is charged twice its standard units, index writes
 * included (TV-25); a ConditionCheck is charged like a write of the item it checks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "differential.h"

#define BATCH_MAX       25
#define TRANSACT_MAX    10

/* An item of the run: a table and a grid position. */
typedef struct
{
  RefTable *t;
  guint     p;
  guint     s;
} Slot;

/* Draws @n distinct items, from any table. */
static void
gen_slots (Run  *run,
           Slot *slots,
           guint n)
{
  for (guint i = 0; i < n; i++)
    {
      gboolean taken;

      do
        {
          slots[i] = (Slot) { &run->tables[pick (run->rand, N_TABLES)], pick (run->rand, N_PK),
                              gen_sk (run->rand) };
          taken = FALSE;
          for (guint j = 0; j < i; j++)
            taken |= slots[j].t == slots[i].t && slots[j].p == slots[i].p &&
                     slots[j].s == slots[i].s;
        }
      while (taken);
    }
}

/* Appends " <kind>{<table> <member>=<value>}" to the description of the request. */
static void
describe_member (Run            *run,
                 const char     *kind,
                 const RefTable *t,
                 const char     *member,
                 const DdbValue *value)
{
  g_autofree char *shown = render_item (value);

  g_string_append_printf (run->what, " %s{%s %s=%s", kind, t->name, member, shown);
}

/* ---------------------------------------------------------------------------------------
 * BatchWriteItem
 * ------------------------------------------------------------------------------------- */

void
op_batch_write (Run *run)
{
  guint n = chance (run->rand, 20) ? pick_between (run->rand, 9, BATCH_MAX)
                                   : pick_between (run->rand, 1, 8);
  gboolean duplicate = n >= 2 && n < BATCH_MAX && chance (run->rand, 10);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify)ddb_value_unref);
  DdbBatchWriteRequest requests[BATCH_MAX];
  Slot slots[BATCH_MAX];
  g_auto(Batch) engine = { 0 };
  g_auto(Batch) reference = { 0 };
  g_auto(DdbBatchWriteResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  DdbBatchWriteInput input = { requests, n, DDB_RETURN_CAPACITY_INDEXES, FALSE };
  DdbOutcome outcome;

  gen_slots (run, slots, n);
  g_string_assign (run->what, "BatchWriteItem");
  for (guint i = 0; i < n; i++)
    {
      const Slot *slot = &slots[i];
      gboolean put = chance (run->rand, 60);
      DdbValue *value = put ? gen_item (run->rand, slot->t, slot->p, slot->s, FALSE, 0)
                            : ref_key (slot->t, slot->p, slot->s);

      g_ptr_array_add (values, value);
      requests[i] = (DdbBatchWriteRequest) { slot->t->name, put ? value : NULL,
                                             put ? NULL : value };
      describe_member (run, put ? "PutRequest" : "DeleteRequest", slot->t,
                       put ? "Item" : "Key", value);
      g_string_append_c (run->what, '}');
    }
  /* The same key twice: a delete of an item the batch already writes. */
  if (duplicate)
    {
      const Slot *slot = &slots[pick (run->rand, n)];
      DdbValue *key = ref_key (slot->t, slot->p, slot->s);

      g_ptr_array_add (values, key);
      requests[input.n_requests++] = (DdbBatchWriteRequest) { slot->t->name, NULL, key };
      describe_member (run, "DeleteRequest", slot->t, "Key", key);
      g_string_append (run->what, " (again)}");
    }
  trace (run);

  outcome = ddb_engine_batch_write_item (run->engine, &input, &result, &error);
  batch_copy (&engine, outcome, result.consumed, NULL, result.unprocessed, error);

  if (duplicate)
    {
      reference.outcome = DDB_OUTCOME_ERROR;
      reference.error_message = error_text (DDB_ENGINE_ERROR, DDB_ENGINE_ERROR_VALIDATION,
                                            "Provided list of item keys contains duplicates");
      run->stats.batch_refused++;
    }
  else
    {
      reference.outcome = DDB_OUTCOME_OK;
      reference.consumed = capacity_list_new ();
      for (guint i = 0; i < n; i++)
        {
          const Slot *slot = &slots[i];

          ref_write_capacity (slot->t, slot->t->items[slot->p][slot->s], requests[i].put_item,
                              FALSE, capacity_list_lookup (reference.consumed, slot->t->name),
                              &run->stats.index_changes);
          ref_store (slot->t, slot->p, slot->s, requests[i].put_item);
        }
    }

  expect_batch (run, "BatchWriteItem response", &engine, &reference);
  run->stats.batches++;
  run->stats.batch_requests += n;
}

/* ---------------------------------------------------------------------------------------
 * TransactWriteItems
 * ------------------------------------------------------------------------------------- */

/* One action of a transaction, as the test made it. */
typedef struct
{
  Slot      slot;
  Exprs     exprs;
  Pred      pred;
  Update    change;
  GString  *condition;
  GString  *update;
  DdbValue *key;
  DdbValue *item;                   /* Put */
  DdbValue *new_item;               /* Put and Update: the item after the action */
  DdbValue *values;
} Action;

static void
action_clear (Action *action)
{
  exprs_clear (&action->exprs);
  pred_clear (&action->pred);
  update_clear (&action->change);
  if (action->condition != NULL)
    g_string_free (g_steal_pointer (&action->condition), TRUE);
  if (action->update != NULL)
    g_string_free (g_steal_pointer (&action->update), TRUE);
  g_clear_pointer (&action->key, ddb_value_unref);
  g_clear_pointer (&action->item, ddb_value_unref);
  g_clear_pointer (&action->new_item, ddb_value_unref);
  g_clear_pointer (&action->values, ddb_value_unref);
}

/* Makes action @action of kind @input->kind on @action->slot, and describes it. */
static void
gen_action (Run                    *run,
            Action                 *action,
            DdbTransactWriteAction *input)
{
  static const char *const kinds[] = { "Put", "Update", "Delete", "ConditionCheck" };
  RefTable *t = action->slot.t;
  const DdbValue *old = t->items[action->slot.p][action->slot.s];

  action->key = ref_key (t, action->slot.p, action->slot.s);
  action->condition = g_string_new (NULL);
  action->update = g_string_new (NULL);
  switch (input->kind)
    {
    case DDB_TRANSACT_PUT:
      action->item = gen_item (run->rand, t, action->slot.p, action->slot.s, FALSE, 0);
      action->new_item = ddb_value_ref (action->item);
      break;
    case DDB_TRANSACT_UPDATE:
      gen_update (run->rand, t, old, TRUE, &action->exprs, action->update, &action->change);
      action->new_item = ref_apply_update (old != NULL ? old : action->key, &action->change);
      g_assert_nonnull (action->new_item);
      break;
    case DDB_TRANSACT_DELETE:
    case DDB_TRANSACT_CONDITION_CHECK:
    default:
      break;
    }

  gen_condition (run->rand, t, old, &action->exprs, &action->pred, action->condition);
  if (input->kind == DDB_TRANSACT_CONDITION_CHECK && action->pred.kind == PRED_NONE)
    {
      action->pred.kind = PRED_KEY_EXISTS;
      g_string_append_printf (action->condition, "attribute_exists(%s)", t->pk_name);
    }

  input->table_name = t->name;
  input->item = action->item;
  input->key = action->item == NULL ? action->key : NULL;
  input->condition_expression = action->condition->len > 0 ? action->condition->str : NULL;
  input->update_expression = action->update->len > 0 ? action->update->str : NULL;
  input->attributes = exprs_finish (&action->exprs, &action->values);
  input->return_old_on_condition_failure = chance (run->rand, 50);

  describe_member (run, kinds[input->kind], t, action->item != NULL ? "Item" : "Key",
                   action->item != NULL ? action->item : action->key);
  if (input->update_expression != NULL)
    g_string_append_printf (run->what, " UpdateExpression=%s", input->update_expression);
  g_string_append_printf (run->what, " ConditionExpression=%s",
                          input->condition_expression != NULL ? input->condition_expression
                                                              : "(none)");
  describe_attributes (run, &action->exprs, action->values);
  g_string_append_printf (run->what, " ReturnValuesOnConditionCheckFailure=%s}",
                          input->return_old_on_condition_failure ? "ALL_OLD" : "NONE");
}

/* The reference's answer to a transaction whose conditions all held: every action
 * applied, charged as a transactional write. */
static void
ref_transact_apply (Run                          *run,
                    Action                       *actions,
                    const DdbTransactWriteAction *inputs,
                    guint                         n,
                    Batch                        *reference)
{
  reference->outcome = DDB_OUTCOME_OK;
  reference->consumed = capacity_list_new ();
  for (guint i = 0; i < n; i++)
    {
      const Slot *slot = &actions[i].slot;
      const DdbValue *old = slot->t->items[slot->p][slot->s];
      Capacity *consumed = capacity_list_lookup (reference->consumed, slot->t->name);

      if (inputs[i].kind == DDB_TRANSACT_CONDITION_CHECK)
        {
          consumed->write_units += 2 * ref_write_units (old != NULL ? ddb_item_size (old) : 0);
          continue;
        }
      ref_write_capacity (slot->t, old, actions[i].new_item, TRUE, consumed,
                          &run->stats.index_changes);
      ref_store (slot->t, slot->p, slot->s, actions[i].new_item);
    }
}

void
op_transact_write (Run *run)
{
  guint n = pick_between (run->rand, 1, TRANSACT_MAX);
  Action actions[TRANSACT_MAX] = { { { 0 } } };
  DdbTransactWriteAction inputs[TRANSACT_MAX] = { { 0 } };
  Slot slots[TRANSACT_MAX];
  g_auto(Batch) engine = { 0 };
  g_auto(Batch) reference = { 0 };
  g_auto(DdbTransactWriteResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  DdbTransactWriteInput input = { inputs, n, NULL, DDB_RETURN_CAPACITY_INDEXES };
  gboolean cancelled = FALSE;
  DdbOutcome outcome;

  gen_slots (run, slots, n);
  g_string_assign (run->what, "TransactWriteItems");
  for (guint i = 0; i < n; i++)
    {
      actions[i].slot = slots[i];
      inputs[i].kind = (DdbTransactKind)pick (run->rand, 4);
      gen_action (run, &actions[i], &inputs[i]);
    }
  trace (run);

  outcome = ddb_engine_transact_write_items (run->engine, &input, &result, &error);
  batch_copy (&engine, outcome, result.consumed, result.reasons, NULL, error);

  for (guint i = 0; i < n; i++)
    cancelled |= !pred_holds (&actions[i].pred,
                              slots[i].t->items[slots[i].p][slots[i].s]);
  if (cancelled)
    {
      reference.outcome = DDB_OUTCOME_TRANSACTION_CANCELED;
      for (guint i = 0; i < n; i++)
        {
          const DdbValue *old = slots[i].t->items[slots[i].p][slots[i].s];

          if (pred_holds (&actions[i].pred, old))
            batch_add_reason (&reference, "None", NULL, NULL);
          else
            batch_add_reason (&reference, "ConditionalCheckFailed",
                              "The conditional request failed",
                              inputs[i].return_old_on_condition_failure ? old : NULL);
        }
      run->stats.transactions_cancelled++;
    }
  else
    ref_transact_apply (run, actions, inputs, n, &reference);

  expect_batch (run, "TransactWriteItems response", &engine, &reference);
  for (guint i = 0; i < n; i++)
    action_clear (&actions[i]);
  run->stats.transactions++;
  run->stats.transact_actions += n;
}
