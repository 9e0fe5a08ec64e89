# Shared by scripts/serve and scripts/test: find Python >= 3.12, install uv, sync .venv.
# shellcheck shell=bash

UV_VERSION="0.13.8"

find_python() {
  local candidate
  local -a candidates=()
  [ -n "${THIDUA_PYTHON:-}" ] && candidates+=("$THIDUA_PYTHON")
  candidates+=(python3.13 python3.12 python3 /usr/bin/python3.13 /usr/bin/python3.12 /usr/bin/python3)
  # pyenv installs (their shims on PATH may not run): newest first.
  for candidate in $(ls -d "$HOME"/.pyenv/versions/3.1[2-9]* 2>/dev/null | sort -rV); do
    candidates+=("$candidate/bin/python3")
  done
  for candidate in "${candidates[@]}"; do
    if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
      command -v "$candidate" 2>/dev/null || echo "$candidate"
      return 0
    fi
  done
  echo "thidua needs Python >= 3.12; set THIDUA_PYTHON to its path." >&2
  return 1
}

ensure_venv() {
  PYTHON="$(find_python)"
  export UV_PYTHON_DOWNLOADS=never
  if command -v uv >/dev/null 2>&1; then
    UV="$(command -v uv)"
  else
    if [ ! -x .tools/bin/uv ]; then
      echo "==> installing uv $UV_VERSION into .tools/"
      "$PYTHON" -m venv .tools
      .tools/bin/python -m pip install --quiet "uv==$UV_VERSION"
    fi
    UV="$PWD/.tools/bin/uv"
  fi
  echo "==> syncing .venv with uv.lock (Python: $PYTHON)"
  "$UV" sync --frozen --python "$PYTHON" --quiet
}
