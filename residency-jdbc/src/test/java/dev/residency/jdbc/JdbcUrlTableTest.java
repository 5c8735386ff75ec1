package dev.residency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.residency.ResidencyPolicy;
import dev.residency.ResidencyViolationException;
import dev.residency.jdbc.Fixtures.CountingDataSource;
import dev.residency.jdbc.Fixtures.Guarded;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JDBC URL forms of the foundation, through {@link ResidencyJdbc} and without any network:
 * the delegate DataSource never connects anywhere and must not be asked when a host is denied.
 *
 * <p>Hosts are placed by declared facts, so the table tests this adapter (every host of the URL,
 * parse errors, secrets kept out of messages) rather than the provider knowledge of core.
 */
class JdbcUrlTableTest {
  private static ResidencyPolicy.Builder policy() {
    return Fixtures.euWithLocalhost()
        .declareHost("*.eu-central-1.rds.amazonaws.com", "aws:eu-central-1")
        .declareHost("*.us-east-1.rds.amazonaws.com", "aws:us-east-1")
        .declareHost("euserver.database.windows.net", "azure:swedencentral")
        .declareHost("usserver.database.windows.net", "azure-datazone:us")
        .declareHost("eupg.postgres.database.azure.com", "azure:swedencentral")
        .declareHost("ora-eu.example.com", "aws:eu-central-1")
        .declareHost("ora-us.example.com", "aws:us-east-1");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      RDS PostgreSQL in Frankfurt          | jdbc:postgresql://app.c9akciq32.eu-central-1.rds.amazonaws.com:5432/app?user=u&password=pw-123                  | allow
      RDS PostgreSQL in Virginia           | jdbc:postgresql://app.c9akciq32.us-east-1.rds.amazonaws.com:5432/app?password=pw-123                             | deny
      Aurora MySQL cluster in Frankfurt    | jdbc:mysql://app.cluster-c9akciq32.eu-central-1.rds.amazonaws.com:3306/app                                          | allow
      Aurora reader in Virginia            | jdbc:mysql://app.cluster-ro-c9akciq32.us-east-1.rds.amazonaws.com:3306/app                                       | deny
      Aurora through the AWS wrapper       | jdbc:aws-wrapper:postgresql://app.cluster-c9akciq32.eu-central-1.rds.amazonaws.com/app                           | allow
      MySQL replication with a US replica  | jdbc:mysql:replication://app.eu-central-1.rds.amazonaws.com,app.us-east-1.rds.amazonaws.com/app                      | deny
      Cloud SQL connector in Frankfurt     | jdbc:postgresql:///app?cloudSqlInstance=proj:europe-west3:db&socketFactory=com.google.cloud.sql.postgres.SocketFactory | allow
      Cloud SQL connector in Iowa          | jdbc:mysql:///app?cloudSqlInstance=proj:us-central1:db&socketFactory=com.google.cloud.sql.mysql.SocketFactory     | deny
      Azure SQL in Sweden                  | jdbc:sqlserver://euserver.database.windows.net:1433;database=app;user=u@euserver;password=pw-123;encrypt=true     | allow
      Azure SQL in US zone                 | jdbc:sqlserver://usserver.database.windows.net:1433;database=app;password=pw-123                                 | deny
      Azure PostgreSQL flexible server     | jdbc:postgresql://eupg.postgres.database.azure.com:5432/app?sslmode=require                                      | allow
      SQL Server failover partner in US    | jdbc:sqlserver://euserver.database.windows.net;failoverPartner=usserver.database.windows.net;password=pw-123     | deny
      Oracle TNS descriptor, both EU       | jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS_LIST=(ADDRESS=(PROTOCOL=TCP)(HOST=ora-eu.example.com)(PORT=1521)))(CONNECT_DATA=(SERVICE_NAME=orcl))) | allow
      Oracle TNS descriptor, one US host   | jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS_LIST=(ADDRESS=(PROTOCOL=TCP)(HOST=ora-eu.example.com)(PORT=1521))(ADDRESS=(PROTOCOL=TCP)(HOST=ora-us.example.com)(PORT=1521)))(CONNECT_DATA=(SERVICE_NAME=orcl))) | deny
      Oracle with credentials in the URL   | jdbc:oracle:thin:scott/pw-123@//ora-us.example.com:1521/orcl                                                     | deny
      Undeclared host                      | jdbc:postgresql://db.internal.example:5432/app?password=pw-123                                                   | deny
      PostgreSQL without a host            | jdbc:postgresql:app?password=pw-123                                                                               | deny
      PostgreSQL with an empty host        | jdbc:postgresql:///app?password=pw-123                                                                            | deny
      PostgreSQL service, no host          | jdbc:postgresql:app?service=prod-us&password=pw-123                                                               | deny
      PostgreSQL service, empty host       | jdbc:postgresql://?service=prod-us&password=pw-123                                                                | deny
      PostgreSQL service beside a host     | jdbc:postgresql://localhost/app?service=prod-us                                                                   | deny
      PostgreSQL on localhost, named       | jdbc:postgresql://localhost:5432/app?password=pw-123                                                              | allow
      MySQL hosts from DNS SRV             | jdbc:mysql://localhost/app?dnsSrv=true                                                                            | deny
      H2 in memory                         | jdbc:h2:mem:test                                                                                                  | allow
      Unparseable URL                      | jdbc:postgresql://db.example.com:99999/app?password=pw-123                                                        | deny
      """)
  void decidesEveryUrlFormWithoutNetwork(String name, String url, String expected) {
    Guarded g = Fixtures.guard(policy());
    CountingDataSource delegate = new CountingDataSource(url);
    DataSource ds = ResidencyJdbc.create(g.guard).wrap(delegate, url);

    SQLException e = catchThrowableOfType(SQLException.class, ds::getConnection);

    if (expected.equals("allow")) {
      assertThat((Throwable) e).as(name).isNull();
      assertThat(delegate.connections).hasValue(1);
    } else {
      assertThat((Throwable) e).as(name).isNotNull();
      assertThat(ResidencyViolationException.find(e)).isNotNull();
      assertThat(delegate.connections).hasValue(0);
      assertThat(e.getMessage()).doesNotContain("pw-123");
    }
    assertThat(g.audit.events().toString()).doesNotContain("pw-123");
  }
}
