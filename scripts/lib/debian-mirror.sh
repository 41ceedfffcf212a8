# Sourced by the scripts that fetch from Debian (debootstrap, deb-src entries). Hospitals and
# CI machines use their own mirrors, so the mirror is the machine's own, as apt itself uses it:
#   ONETRANS_DEBIAN_MIRROR (e.g. http://mirrors.example.cn/debian), else the first source of
#   /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list that serves Debian's main suite.
debian_mirror() {
  if [ -n "${ONETRANS_DEBIAN_MIRROR:-}" ]; then
    echo "${ONETRANS_DEBIAN_MIRROR%/}"
    return
  fi
  local codename uri
  codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-bookworm}")
  # deb822 stanzas: a "Types: deb" stanza whose Suites name the release itself.
  uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk -v rel="$codename" '
    BEGIN { RS = ""; FS = "\n" }
    {
      types = ""; uris = ""; suites = ""
      for (i = 1; i <= NF; i++) {
        if ($i ~ /^Types:/) types = $i
        else if ($i ~ /^URIs:/) uris = $i
        else if ($i ~ /^Suites:/) suites = $i
      }
      if (types ~ /(^|[ \t])deb([ \t]|$)/ && (" " suites " ") ~ ("[ \t]" rel "[ \t]")) {
        sub(/^URIs:[ \t]*/, "", uris); split(uris, u, /[ \t]+/); print u[1]; exit
      }
    }')
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    # One-line form: deb [options] URI suite components
    uri=$(awk -v rel="$codename" '$1 == "deb" {
      n = 2; if ($2 ~ /^\[/) { while (n <= NF && $n !~ /\]$/) n++; n++ }
      if ($(n + 1) == rel) { print $n; exit } }' /etc/apt/sources.list)
  fi
  if [ -z "$uri" ]; then
    echo "no Debian mirror found in the apt sources; set ONETRANS_DEBIAN_MIRROR" >&2
    return 1
  fi
  echo "${uri%/}"
}
