package dev.residency.examples;

import javax.sql.DataSource;
import okhttp3.OkHttpClient;

/**
 * The residency-wrapped clients the tools use. Each is built with the guard; none is usable
 * unwrapped from the tools.
 *
 * @param customers the customer database, wrapped by {@code ResidencyJdbc}
 * @param http the HTTP client, wrapped by {@code ResidencyOkHttp}
 * @param documents object storage through the residency S3 interceptor
 * @param llm the LLM through residency-llm
 */
record Backends(DataSource customers, OkHttpClient http, Documents documents, Summarizer llm) {
  /** Object storage as the tools see it. */
  interface Documents {
    String fetch(String bucket, String key);

    String store(String bucket, String key, String content);
  }

  /** The LLM as the tools see it. */
  interface Summarizer {
    String summarize(String text, String model);
  }
}
