/* ddb-expression-lexer.c
 *
 * The lexer of DynamoDB's expression languages: it cuts an expression into tokens
 * (names, #name and :value placeholders, list indexes, punctuation, comparators and
 * keywords), all at once, before parsing starts.
 *
 * Design notes
 * ------------
 * The whole token array is built up front because DynamoDB's syntax errors quote the
 * tokens on both sides of the offending one ('token: "b", near: "a b"'), and because the
 * parser backtracks over parenthesised groups; both are simpler with random access.  An
 * expression holds at most 4 KB, so the array is small.
 *
 * Keywords are words of the expression's own language only: AND, OR, NOT, BETWEEN and IN
 * in conditions, SET, REMOVE, ADD and DELETE in updates, none in projections.  A keyword
 * can never be an attribute name there ("a.and" is a syntax error); anywhere else it is an
 * ordinary name, which the reserved-word check then refuses.  Keywords are
 * case-insensitive, function names are not (the parser compares those).
 *
 * A character that starts no token becomes an INVALID token of one UTF-8 character, so
 * that the parser reports it as DynamoDB does ('token: "!", near: "!!"') when it gets
 * there, and not before: an earlier syntax error wins.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ddb-expression"

#include "config.h"

#include <string.h>

#include "ddb-expression-lexer-private.h"

typedef struct
{
  const char   *word;
  DdbTokenKind  kind;
} DdbKeyword;

static const DdbKeyword condition_keywords[] = {
  { "AND", DDB_TOKEN_AND },
  { "OR", DDB_TOKEN_OR },
  { "NOT", DDB_TOKEN_NOT },
  { "BETWEEN", DDB_TOKEN_BETWEEN },
  { "IN", DDB_TOKEN_IN },
};

static const DdbKeyword update_keywords[] = {
  { "SET", DDB_TOKEN_SET },
  { "REMOVE", DDB_TOKEN_REMOVE },
  { "ADD", DDB_TOKEN_ADD },
  { "DELETE", DDB_TOKEN_DELETE },
};

static gboolean
is_word_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static gboolean
is_word_part (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* The token kind of the word text[start, end): a keyword of @kind's language or IDENT. */
static DdbTokenKind
classify_word (const char        *text,
               guint              start,
               guint              end,
               DdbExpressionKind  kind)
{
  const DdbKeyword *keywords = NULL;
  gsize n_keywords = 0;
  gsize length = end - start;

  switch (kind)
    {
    case DDB_EXPRESSION_CONDITION:
    case DDB_EXPRESSION_FILTER:
    case DDB_EXPRESSION_KEY_CONDITION:
      keywords = condition_keywords;
      n_keywords = G_N_ELEMENTS (condition_keywords);
      break;
    case DDB_EXPRESSION_UPDATE:
      keywords = update_keywords;
      n_keywords = G_N_ELEMENTS (update_keywords);
      break;
    case DDB_EXPRESSION_PROJECTION:
    default:
      break;
    }

  for (gsize i = 0; i < n_keywords; i++)
    if (strlen (keywords[i].word) == length &&
        g_ascii_strncasecmp (text + start, keywords[i].word, length) == 0)
      return keywords[i].kind;

  return DDB_TOKEN_IDENT;
}

/* The kind of a token made of the one character @c. */
static DdbTokenKind
single_character_token (char c)
{
  switch (c)
    {
    case '(':
      return DDB_TOKEN_LPAREN;
    case ')':
      return DDB_TOKEN_RPAREN;
    case '[':
      return DDB_TOKEN_LBRACKET;
    case ']':
      return DDB_TOKEN_RBRACKET;
    case ',':
      return DDB_TOKEN_COMMA;
    case '.':
      return DDB_TOKEN_DOT;
    case '=':
      return DDB_TOKEN_EQ;
    case '+':
      return DDB_TOKEN_PLUS;
    case '-':
      return DDB_TOKEN_MINUS;
    default:
      g_assert_not_reached ();
    }
}

/* Scans one token starting at text[start], which is not white space.  Returns its kind
 * and stores the offset just past it in @end. */
static DdbTokenKind
scan_token (const char        *text,
            guint              start,
            DdbExpressionKind  kind,
            guint             *end)
{
  guint i = start;
  char c = text[i];
  char next = text[i + 1];

  switch (c)
    {
    case '(':
    case ')':
    case '[':
    case ']':
    case ',':
    case '.':
    case '=':
    case '+':
    case '-':
      *end = i + 1;
      return single_character_token (c);
    case '<':
      if (next == '>')
        {
          *end = i + 2;
          return DDB_TOKEN_NE;
        }
      if (next == '=')
        {
          *end = i + 2;
          return DDB_TOKEN_LE;
        }
      *end = i + 1;
      return DDB_TOKEN_LT;
    case '>':
      if (next == '=')
        {
          *end = i + 2;
          return DDB_TOKEN_GE;
        }
      *end = i + 1;
      return DDB_TOKEN_GT;
    case '#':
    case ':':
      /* The part after the sigil may be empty: '#' alone is a placeholder that no
       * ExpressionAttributeNames key can define, as in dynalite's grammar. */
      for (i++; is_word_part (text[i]); i++)
        ;
      *end = i;
      return c == '#' ? DDB_TOKEN_NAME : DDB_TOKEN_VALUE;
    default:
      break;
    }

  if (g_ascii_isdigit (c))
    {
      for (i++; g_ascii_isdigit (text[i]); i++)
        ;
      *end = i;
      return DDB_TOKEN_NUMBER;
    }

  if (is_word_start (c))
    {
      for (i++; is_word_part (text[i]); i++)
        ;
      *end = i;
      return classify_word (text, start, i, kind);
    }

  /* One whole UTF-8 character, or one byte if the text is not valid UTF-8 there. */
  if ((guchar)c >= 0x80)
    {
      const char *after = g_utf8_find_next_char (text + i, NULL);

      *end = after != NULL && g_utf8_validate (text + i, after - (text + i), NULL)
               ? (guint)(after - text) : i + 1;
    }
  else
    *end = i + 1;

  return DDB_TOKEN_INVALID;
}

/**
 * _ddb_expression_tokenize:
 * @text: the expression, NUL-terminated, at most DDB_EXPRESSION_MAX_BYTES long
 * @kind: the language, which decides the keywords
 * @n_tokens: (out): the number of tokens, the final EOF included
 *
 * Returns: (transfer full): the tokens, ending with an EOF token whose start and end are
 *   the length of @text.  Free with g_free().
 */
DdbToken *
_ddb_expression_tokenize (const char        *text,
                          DdbExpressionKind  kind,
                          guint             *n_tokens)
{
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (DdbToken));
  guint i = 0;
  DdbToken token;

  g_assert (text != NULL && n_tokens != NULL);

  /* Bounded: every iteration consumes at least one byte of @text. */
  while (text[i] != '\0')
    {
      if (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')
        {
          i++;
          continue;
        }

      token.start = i;
      token.kind = scan_token (text, i, kind, &token.end);
      g_assert (token.end > i);
      g_array_append_val (tokens, token);
      i = token.end;
    }

  token.kind = DDB_TOKEN_EOF;
  token.start = token.end = i;
  g_array_append_val (tokens, token);

  *n_tokens = tokens->len;

  return (DdbToken *)(gpointer)g_array_free (tokens, FALSE);
}
