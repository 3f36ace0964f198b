# Sourced by bench/cpu.sh and bench/pgcpu.sh.
# ticks sums the user and system clock ticks of the processes given.
ticks() {
  local t=0 p
  for p in "$@"; do
    if [ -r "/proc/$p/stat" ]; then t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); fi
  done
  echo $t
}
