package io.netsentinel.vt;

/** The result of one request to VirusTotal. */
sealed interface LookupOutcome {

  /** 200 with a readable object. */
  record Found(Verdict verdict) implements LookupOutcome {}

  /** 404: VirusTotal has no object for the indicator (or 400: it refuses the name). */
  record NotFound(int status) implements LookupOutcome {}

  /** 401 or 403: the key is wrong or not allowed. */
  record Rejected(int status, String code, String message) implements LookupOutcome {}

  /** 429: a quota is used up; {@code retryAfterSeconds} is -1 without a Retry-After header. */
  record RateLimited(String code, String message, long retryAfterSeconds) implements LookupOutcome {}

  /**
   * 5xx, a timeout or a connection failure: worth another try later.
   *
   * @param reachedServer false when the request surely never reached VirusTotal (no connection), so it does not count
   *     against the daily quota
   */
  record Transient(String reason, boolean reachedServer) implements LookupOutcome {}

  /** A 200 whose body is not a VirusTotal object, or another unexpected answer: a warning, no alert. */
  record Malformed(String reason) implements LookupOutcome {}
}
