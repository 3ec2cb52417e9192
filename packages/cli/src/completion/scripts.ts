/**
 * Shell glue: each asks `bottle __complete --shell <shell> -- <index>
 * <words...>` for the candidates, so completion always matches the installed
 * commands, plugins and bottles. The candidates come back filtered and
 * quoted; the scripts take them as data, never through an expansion (bash's
 * `compgen -W` would expand `$(...)` in them).
 */
export const completionScripts: Readonly<Record<string, (bin: string) => string>> = {
  bash: (bin) => `# ${bin} completion for bash: source <(${bin} completion bash)
_${bin}_complete() {
  local candidate
  COMPREPLY=()
  while IFS= read -r candidate; do COMPREPLY+=("$candidate"); done < <(${bin} __complete --shell bash -- "$COMP_CWORD" "\${COMP_WORDS[@]}" 2>/dev/null)
}
complete -o default -F _${bin}_complete ${bin}
`,
  zsh: (bin) => `#compdef ${bin}
# ${bin} completion for zsh: source <(${bin} completion zsh)
_${bin}_complete() {
  local -a candidates
  candidates=("\${(@f)$(${bin} __complete --shell zsh -- $((CURRENT - 1)) "\${words[@]}" 2>/dev/null)}")
  compadd -Q -- \${candidates:#}
}
compdef _${bin}_complete ${bin}
`,
}
