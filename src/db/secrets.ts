/**
 * Passwords heirloom has seen in database URLs. Everything the CLI prints
 * passes through `scrubSecrets`, so a password cannot reach output, logs or
 * errors even when a driver puts it in a message.
 */
const secrets = new Set<string>()

/** Remembers the password of a database URL; returns the URL unchanged. */
export function registerUrlSecret(url: string): string {
  try {
    const password = decodeURIComponent(new URL(url).password)
    if (password !== '') {
      secrets.add(password)
      secrets.add(encodeURIComponent(password))
    }
  } catch {
    // Not a URL: nothing we can recognise as a password, and pg will refuse it with its own message.
  }
  return url
}

export function scrubSecrets(text: string): string {
  let out = text
  for (const s of secrets) out = out.split(s).join('***')
  return out
}

/** A URL safe to show: the password replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password !== '') u.password = '***'
    return u.toString()
  } catch {
    return scrubSecrets(url)
  }
}
