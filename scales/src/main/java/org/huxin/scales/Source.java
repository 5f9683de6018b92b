package org.huxin.scales;

import java.util.Objects;

/**
 * Where a scale comes from.
 *
 * @param citation the publication that defines it
 * @param url where the form is published, or "" if none
 * @param translation which locales are published translations and which are local, or ""
 */
public record Source(String citation, String url, String translation) {

  public Source {
    Objects.requireNonNull(citation, "citation");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(translation, "translation");
    if (citation.isBlank()) {
      throw new IllegalArgumentException("source has a blank citation");
    }
    if (!url.isEmpty() && !url.startsWith("https://") && !url.startsWith("http://")) {
      throw new IllegalArgumentException("source url " + url + " is not an http(s) address");
    }
  }
}
