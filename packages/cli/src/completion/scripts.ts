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
# compdef comes with zsh's completion system: start it if the rc file has not.
(( $+functions[compdef] )) || { autoload -Uz compinit && compinit; }
compdef _${bin}_complete ${bin}
`,
  fish: (bin) => `# ${bin} completion for fish: ${bin} completion fish | source
function __${bin}_complete
  set -l words (commandline -opc)
  set -l current (commandline -ct)
  set -l candidates (${bin} __complete --shell fish -- (count $words) $words "$current" 2>/dev/null)
  # Nothing to offer (a file argument, such as import's): file names, as bash's -o default does.
  if test (count $candidates) -eq 0
    __fish_complete_path "$current"
  else
    printf '%s\\n' $candidates
  end
end
complete -c ${bin} -f -a '(__${bin}_complete)'
`,
}
