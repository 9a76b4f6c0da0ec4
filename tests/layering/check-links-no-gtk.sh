#!/bin/sh
# Usage: check-links-no-gtk.sh BINARY
# Fails if BINARY links any GTK, GDK or Cairo library: ddbsim-cli must run on a machine
# without a display stack.
set -eu
binary="$1"
libs=$(ldd "$binary")
echo "$libs" | sed 's/^/# /'
if echo "$libs" | grep -Eq 'lib(gtk|gdk|gsk|cairo|pango|graphene)'; then
  echo "not ok 1 - $binary links a GUI library"
  echo "1..1"
  exit 1
fi
echo "ok 1 - $binary links no GUI library"
echo "1..1"
