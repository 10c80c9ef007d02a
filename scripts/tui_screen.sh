#!/usr/bin/env bash
# Run the Textual app in a real terminal (tmux), drive it with keys, and print the screens, so
# anyone can see what a user sees:  bash scripts/tui_screen.sh [WIDTH HEIGHT]
set -euo pipefail
cd "$(dirname "$0")/.."
width=${1:-120}
height=${2:-36}
store=$(mktemp -d)/西夏区2020
.venv/bin/jixiao import examples/xixia-2020.txt --into "$store" > /dev/null
session=jixiao-screen-$$
tmux new-session -d -s "$session" -x "$width" -y "$height" ".venv/bin/jixiao edit '$store'"
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$(dirname "$store")"' EXIT

show() {  # tmux keeps the first frame until something changes: nudge the size to repaint
  sleep "${2:-1.5}"
  tmux resize-window -t "$session" -x $((width - 1)) -y "$height"; sleep 0.3
  tmux resize-window -t "$session" -x "$width" -y "$height"; sleep 0.7
  echo "===== $1"
  tmux capture-pane -p -t "$session"
}

show "store view" 2.5
tmux send-keys -t "$session" p                          # only forms with problems
tmux send-keys -t "$session" Down Down Enter            # open the third one
show "editor"
tmux send-keys -t "$session" g                          # draft with the rules engine
show "review panel"
tmux send-keys -t "$session" Escape
tmux send-keys -t "$session" C-q
