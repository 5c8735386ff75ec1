package dev.residency.bedrock.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.document.Document;

/**
 * Internal, may change without notice. Rewrites the string values of a {@link Document} (tool-use
 * input, JSON tool results), keeping its structure, member order and every other value as the
 * same instance; a document with nothing to change is returned as it is.
 */
final class DocumentStrings {
  private DocumentStrings() {}

  static Document map(Document d, UnaryOperator<String> f) {
    if (d == null) {
      return null;
    }
    if (d.isString()) {
      String s = d.asString();
      String t = f.apply(s);
      return t.equals(s) ? d : Document.fromString(t);
    }
    if (d.isMap()) {
      Map<String, Document> in = d.asMap();
      Map<String, Document> out = new LinkedHashMap<>(in.size() * 2);
      boolean changed = false;
      for (Map.Entry<String, Document> e : in.entrySet()) {
        Document v = map(e.getValue(), f);
        changed |= v != e.getValue();
        out.put(e.getKey(), v);
      }
      return changed ? Document.fromMap(out) : d;
    }
    if (d.isList()) {
      List<Document> in = d.asList();
      List<Document> out = new ArrayList<>(in.size());
      boolean changed = false;
      for (Document v : in) {
        Document w = map(v, f);
        changed |= w != v;
        out.add(w);
      }
      return changed ? Document.fromList(out) : d;
    }
    return d;
  }
}
