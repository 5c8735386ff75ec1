package dev.residency.jdbc.internal;

import dev.residency.ResidencyGuard;
import dev.residency.audit.AuditEvent;
import dev.residency.mask.MaskingPipeline;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.rowset.serial.SerialClob;

/**
 * Masks text values of a result set with the guard's masking pipeline (see {@link
 * MaskingProxies}). Internal, may change without notice. Not thread-safe, like the driver's
 * result set.
 */
final class MaskingResultSet extends DelegatingResultSet {
  private final Statement statement;
  private final ResidencyGuard guard;
  private final MaskingPipeline pipeline;
  private Column[] columns;
  private int[] counts;
  // Cursor moves so far: a cell read through several getters (getString, then getObject) on the
  // same row is one masked value for the audit, not one per call.
  private long position;
  private long[] countedAt;

  private static final class Column {
    final boolean text;
    final String qualified;
    final String label;

    Column(boolean text, String qualified, String label) {
      this.text = text;
      this.qualified = qualified;
      this.label = label;
    }
  }

  private static final Column NOT_TEXT = new Column(false, null, null);

  MaskingResultSet(ResultSet delegate, Statement statement, ResidencyGuard guard, MaskingPipeline pipeline) {
    super(delegate);
    this.statement = statement;
    this.guard = guard;
    this.pipeline = pipeline;
  }

  // ---- masked getters

  @Override
  public String getString(int i) throws SQLException {
    return mask(i, delegate.getString(i));
  }

  @Override
  public String getString(String label) throws SQLException {
    return getString(delegate.findColumn(label));
  }

  @Override
  public String getNString(int i) throws SQLException {
    return mask(i, delegate.getNString(i));
  }

  @Override
  public String getNString(String label) throws SQLException {
    return getNString(delegate.findColumn(label));
  }

  @Override
  public Object getObject(int i) throws SQLException {
    return maskObject(i, delegate.getObject(i));
  }

  @Override
  public Object getObject(String label) throws SQLException {
    return getObject(delegate.findColumn(label));
  }

  @Override
  public Object getObject(int i, Map<String, Class<?>> map) throws SQLException {
    return maskObject(i, delegate.getObject(i, map));
  }

  @Override
  public Object getObject(String label, Map<String, Class<?>> map) throws SQLException {
    return getObject(delegate.findColumn(label), map);
  }

  @Override
  public <T> T getObject(int i, Class<T> type) throws SQLException {
    return type.cast(maskObject(i, delegate.getObject(i, type)));
  }

  @Override
  public <T> T getObject(String label, Class<T> type) throws SQLException {
    return getObject(delegate.findColumn(label), type);
  }

  @Override
  public Reader getCharacterStream(int i) throws SQLException {
    if (!column(i).text) {
      return delegate.getCharacterStream(i);
    }
    String v = getString(i);
    return v == null ? null : new StringReader(v);
  }

  @Override
  public Reader getCharacterStream(String label) throws SQLException {
    return getCharacterStream(delegate.findColumn(label));
  }

  @Override
  public Reader getNCharacterStream(int i) throws SQLException {
    if (!column(i).text) {
      return delegate.getNCharacterStream(i);
    }
    String v = getNString(i);
    return v == null ? null : new StringReader(v);
  }

  @Override
  public Reader getNCharacterStream(String label) throws SQLException {
    return getNCharacterStream(delegate.findColumn(label));
  }

  @Override
  public InputStream getAsciiStream(int i) throws SQLException {
    if (!column(i).text) {
      return delegate.getAsciiStream(i);
    }
    String v = getString(i);
    return v == null ? null : new ByteArrayInputStream(v.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public InputStream getAsciiStream(String label) throws SQLException {
    return getAsciiStream(delegate.findColumn(label));
  }

  @Override
  public Clob getClob(int i) throws SQLException {
    Clob v = delegate.getClob(i);
    return v == null || !column(i).text ? v : maskedClob(i, v, v instanceof NClob);
  }

  @Override
  public Clob getClob(String label) throws SQLException {
    return getClob(delegate.findColumn(label));
  }

  @Override
  public NClob getNClob(int i) throws SQLException {
    NClob v = delegate.getNClob(i);
    return v == null || !column(i).text ? v : (NClob) maskedClob(i, v, true);
  }

  @Override
  public NClob getNClob(String label) throws SQLException {
    return getNClob(delegate.findColumn(label));
  }

  // ---- plumbing

  @Override
  public Statement getStatement() throws SQLException {
    return statement;
  }

  @Override
  public boolean next() throws SQLException {
    position++;
    boolean more = delegate.next();
    if (!more) {
      flush();
    }
    return more;
  }

  @Override
  public boolean previous() throws SQLException {
    position++;
    return delegate.previous();
  }

  @Override
  public boolean first() throws SQLException {
    position++;
    return delegate.first();
  }

  @Override
  public boolean last() throws SQLException {
    position++;
    return delegate.last();
  }

  @Override
  public boolean absolute(int row) throws SQLException {
    position++;
    return delegate.absolute(row);
  }

  @Override
  public boolean relative(int rows) throws SQLException {
    position++;
    return delegate.relative(rows);
  }

  @Override
  public void beforeFirst() throws SQLException {
    position++;
    delegate.beforeFirst();
  }

  @Override
  public void afterLast() throws SQLException {
    position++;
    delegate.afterLast();
  }

  @Override
  public void close() throws SQLException {
    flush();
    delegate.close();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return Wrappers.unwrap(this, delegate, iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return Wrappers.isWrapperFor(this, delegate, iface);
  }

  @Override
  public String toString() {
    return "Masking[" + delegate + "]";
  }

  private Object maskObject(int i, Object v) throws SQLException {
    if (v instanceof String) {
      return mask(i, (String) v);
    }
    if (v instanceof Clob && column(i).text) {
      return maskedClob(i, (Clob) v, v instanceof NClob);
    }
    return v;
  }

  private Column column(int i) throws SQLException {
    if (columns == null) {
      columns = readColumns();
      counts = new int[columns.length];
      countedAt = new long[columns.length];
      Arrays.fill(countedAt, -1);
    }
    // A bad index is the driver's to report, on the delegate call.
    return i < 1 || i >= columns.length ? NOT_TEXT : columns[i];
  }

  private Column[] readColumns() throws SQLException {
    ResultSetMetaData md = delegate.getMetaData();
    int n = md.getColumnCount();
    Column[] out = new Column[n + 1];
    boolean qualified = MaskingProxies.needsQualifiedNames(pipeline);
    for (int i = 1; i <= n; i++) {
      String label = md.getColumnLabel(i);
      String name = qualified ? MaskingProxies.qualifiedName(md, i) : md.getColumnName(i);
      out[i] = new Column(MaskingProxies.isText(md.getColumnType(i)), name == null || name.isEmpty() ? label : name, label);
    }
    return out;
  }

  private String mask(int i, String v) throws SQLException {
    if (v == null) {
      return null;
    }
    Column c = column(i);
    if (!c.text) {
      return v;
    }
    String masked = pipeline.maskColumn(c.qualified, c.label, v);
    if (masked != null && !masked.equals(v) && countedAt[i] != position) {
      countedAt[i] = position;
      counts[i]++;
    }
    return masked;
  }

  private Clob maskedClob(int i, Clob v, boolean nclob) throws SQLException {
    long length = v.length();
    if (length > Integer.MAX_VALUE) {
      throw new SQLException("residency: text value too large to mask (" + length + " characters)");
    }
    String masked = mask(i, v.getSubString(1, (int) length));
    SerialClob clob = new SerialClob(masked.toCharArray());
    if (!nclob) {
      return clob;
    }
    return (NClob) Proxy.newProxyInstance(
        MaskingResultSet.class.getClassLoader(), new Class<?>[] {NClob.class}, (px, m, a) -> MaskingProxies.invoke(clob, m, a));
  }

  /** Sends the masking counts so far to the audit sink, once; later values start a new count. */
  void flush() {
    int[] c = counts;
    if (c == null) {
      return;
    }
    Map<String, Integer> byColumn = null;
    for (int i = 1; i < c.length; i++) {
      if (c[i] > 0) {
        if (byColumn == null) {
          byColumn = new TreeMap<>();
        }
        byColumn.merge("column:" + columns[i].label, c[i], Integer::sum);
        c[i] = 0;
      }
    }
    if (byColumn != null) {
      guard.audit(AuditEvent.masking(Instant.now(), MaskingProxies.AUDIT_CONTEXT, byColumn));
    }
  }
}
