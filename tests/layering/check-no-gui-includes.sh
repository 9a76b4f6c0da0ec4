#!/bin/sh
# Usage: check-no-gui-includes.sh SRCDIR
# Fails if a file under model/, engine/ or scenarios/ includes a GUI header.  The build
# already refuses such an include (see probe-gtk.c); this names the offending line.
set -eu
srcdir="$1"
found=$(grep -rnE '#[[:space:]]*include[[:space:]]*[<"](gtk|gdk|gsk|cairo|pango|graphene)' \
          "$srcdir/model" "$srcdir/engine" "$srcdir/scenarios" || true)
if [ -n "$found" ]; then
  echo "$found" | sed 's/^/# /'
  echo "not ok 1 - GUI includes below ui/"
  echo "1..1"
  exit 1
fi
echo "ok 1 - no GUI includes in model/, engine/ or scenarios/"
echo "1..1"
