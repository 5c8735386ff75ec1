package dev.residency.mask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residency.mask.internal.DetectionEngine;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Known-valid and known-invalid values per built-in detector, offsets and overlaps. */
class BuiltInDetectorsTest {
  private static final DetectionEngine ENGINE = DetectionEngine.create(MaskingSettings.defaults());

  /** "TYPE:value" for every span. */
  private static List<String> found(String text) {
    return ENGINE.detect(text).stream()
        .map(s -> s.type() + ":" + text.substring(s.start(), s.end()))
        .collect(Collectors.toList());
  }

  @ParameterizedTest(name = "{0} finds {1}")
  @CsvSource(delimiter = '|', textBlock = """
      IBAN DE89370400440532013000 paid                  | IBAN:DE89370400440532013000
      IBAN GB82WEST12345698765432.                      | IBAN:GB82WEST12345698765432
      IBAN FR1420041010050500013M02606                  | IBAN:FR1420041010050500013M02606
      to NL91ABNA0417164300 today                       | IBAN:NL91ABNA0417164300
      IBAN DE89 3704 0044 0532 0130 00 ok               | IBAN:DE89 3704 0044 0532 0130 00
      card 4111111111111111                             | CREDIT_CARD:4111111111111111
      mc 5555555555554444                               | CREDIT_CARD:5555555555554444
      amex 378282246310005                              | CREDIT_CARD:378282246310005
      discover 6011111111111117                         | CREDIT_CARD:6011111111111117
      jcb 3530111333300000                              | CREDIT_CARD:3530111333300000
      card 4111-1111-1111-1111 exp 12/27                | CREDIT_CARD:4111-1111-1111-1111
      card 4111.1111.1111.1111                          | CREDIT_CARD:4111.1111.1111.1111
      Visa 4222222222222                                | CREDIT_CARD:4222222222222
      Mir 2200000000000004                              | CREDIT_CARD:2200000000000004
      NHS number: 943 476 5919                          | UK_NHS:943 476 5919
      NHS no 9434765919                                 | UK_NHS:9434765919
      NHS no.9434765919 / hosp no.RX1155                | UK_NHS:9434765919
      BSN 111222333                                     | NL_BSN:111222333
      SSN 123-45-6789                                   | US_SSN:123-45-6789
      Steuer-ID 86095742719                             | DE_TAX_ID:86095742719
      Steuer-ID: 86 095 742 719                         | DE_TAX_ID:86 095 742 719
      DNI 12345678Z                                     | ES_DNI:12345678Z
      DNI 12345678-Z                                    | ES_DNI:12345678-Z
      NIE X1234567L                                     | ES_NIE:X1234567L
      NIR 2 69 05 49 588 157 80                         | FR_NIR:2 69 05 49 588 157 80
      NIR 269054958815780                               | FR_NIR:269054958815780
      Corse 1 84 12 2A 451 089 33                       | FR_NIR:1 84 12 2A 451 089 33
      Corse 184122B45108960                             | FR_NIR:184122B45108960
      CF RSSMRA85T10A562S                               | IT_FISCAL_CODE:RSSMRA85T10A562S
      PESEL 44051401359                                 | PL_PESEL:44051401359
      personnummer 811228-9874                          | SE_PERSONNUMMER:811228-9874
      född 19811228-9874                                | SE_PERSONNUMMER:19811228-9874
      key AKIAIOSFODNN7EXAMPLE                          | AWS_ACCESS_KEY:AKIAIOSFODNN7EXAMPLE
      aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | AWS_SECRET_KEY:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
      mail john.doe@example.com.                        | EMAIL:john.doe@example.com
      mail müller@bücher.de                             | EMAIL:müller@bücher.de
      mail José.García@correo.es                        | EMAIL:José.García@correo.es
      mail 用户@例子.广告                                  | EMAIL:用户@例子.广告
      ip 192.168.1.10:8080                              | IP_ADDRESS:192.168.1.10
      ip 2001:db8::8a2e:370:7334                        | IP_ADDRESS:2001:db8::8a2e:370:7334
      ip [fe80::1]:443                                  | IP_ADDRESS:fe80::1
      ip ::ffff:192.0.2.1                               | IP_ADDRESS:::ffff:192.0.2.1
      call +49 30 12345678                              | PHONE:+49 30 12345678
      call +44 20 7946 0958                             | PHONE:+44 20 7946 0958
      call +33 6 12 34 56 78                            | PHONE:+33 6 12 34 56 78
      call (415) 555-2671                               | PHONE:(415) 555-2671
      Tel. 030 1234567                                  | PHONE:030 1234567
      call 0049 30 12345678                             | PHONE:0049 30 12345678
      call +49 (0)30 12345678                           | PHONE:+49 (0)30 12345678
      OPENAI_API_KEY=sk-proj-abc123DEF456ghi789JKL012mno345 | API_KEY:sk-proj-abc123DEF456ghi789JKL012mno345
      token ghp_1234567890abcdefghijABCDEFGHIJ123456     | API_KEY:ghp_1234567890abcdefghijABCDEFGHIJ123456
      slack xoxb-1234567890-abcdefghij1                  | API_KEY:xoxb-1234567890-abcdefghij1
      gitlab glpat-abcdefghij1234567890                  | API_KEY:glpat-abcdefghij1234567890
      stripe sk_live_51Habcdefghij1234567                | API_KEY:sk_live_51Habcdefghij1234567
      google AIzaSyA1234567890abcdefghijklmnopqrstuv     | API_KEY:AIzaSyA1234567890abcdefghijklmnopqrstuv
      anthropic sk-ant-api03-abcDEF123456ghiJKL789012mnoPQR | API_KEY:sk-ant-api03-abcDEF123456ghiJKL789012mnoPQR
      GET /x?access_token=Zx81kdlQ02mm&page=2           | API_KEY:Zx81kdlQ02mm
      https://a.blob.core.windows.net/c/f?sv=2022-11-02&sp=r&sig=Xk3v9s%2BqLr0w4Tz8yP2mN6bV1cD5%3D | API_KEY:Xk3v9s%2BqLr0w4Tz8yP2mN6bV1cD5%3D
      https://b.s3.amazonaws.com/k?X-Amz-Expires=3600&X-Amz-Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024 | API_KEY:fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024
      https://storage.googleapis.com/b/o?X-Goog-Expires=900&X-Goog-Signature=5b2c9e0a41f7d3c8 | API_KEY:5b2c9e0a41f7d3c8
      X-Api-Key: 9f8e7d6c5b4a39281706                   | API_KEY:9f8e7d6c5b4a39281706
      Call 1-800-555-0199 now                           | PHONE:1-800-555-0199
      Call 1 (415) 555-2671 now                         | PHONE:1 (415) 555-2671
      phone: 4155552671                                 | PHONE:4155552671
      Mobile: 347 123 4567                              | PHONE:347 123 4567
      Teléfono: 912 345 678                             | PHONE:912 345 678
      mi móvil es 612 345 678                           | PHONE:612 345 678
      you can reach me on 0612345678 after six          | PHONE:0612345678
      GET /unsubscribe?email=john_smith%40example.com   | EMAIL:john_smith%40example.com
      redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Femail%3Danna%40beispiel.de | EMAIL:anna%40beispiel.de
      to=x%20y%3Canna.b%40beispiel.de%3E&page=2         | EMAIL:anna.b%40beispiel.de
      cc=anna%2Btest%40beispiel.de                      | EMAIL:anna%2Btest%40beispiel.de
      GET /signup?phone=%2B4915112345678&step=2         | PHONE:%2B4915112345678
      tel=%2B49%2030%20123456&name=J%C3%BCrgen          | PHONE:%2B49%2030%20123456
      q=call+me+at+%2B33+6+12+34+56+78                  | PHONE:%2B33+6+12+34+56+78
      iban (lower case): de89370400440532013000         | IBAN:de89370400440532013000
      DATABASE_URL=postgres://admin:S3cr3tP4ss@db.internal:5432/app | API_KEY:S3cr3tP4ss
      redis://:p4ssw0rd@cache:6379/0                    | API_KEY:p4ssw0rd
      sqlplus -s scott/Tig3r_x9@//db.example.com:1521/ORCL | API_KEY:Tig3r_x9
      jdbc:oracle:thin:app_user/S3cr3tPw9@db1:1521/ORCL | API_KEY:S3cr3tPw9
      SQL> connect system/Manager123@XE                 | API_KEY:Manager123
      expdp userid=hr/Hr_pass_2024@pdb1 schemas=hr      | API_KEY:Hr_pass_2024
      CREATE USER report_ro WITH PASSWORD 'Kx8#mP2qL9'; | API_KEY:Kx8#mP2qL9
      ALTER ROLE app PASSWORD 'Zz9xYy8w';               | API_KEY:Zz9xYy8w
      CREATE USER 'app'@'%' IDENTIFIED BY 'Pa55w0rd!x'; | API_KEY:Pa55w0rd!x
      IDENTIFIED WITH mysql_native_password BY 'Xy7&kLm2' | API_KEY:Xy7&kLm2
      ALTER USER scott IDENTIFIED BY tiger;             | API_KEY:tiger
      redis-server --requirepass LwY3i1_kq9Zp           | API_KEY:LwY3i1_kq9Zp
      docker login -u ci --password e2Nj!AWJZ8q reg.io  | API_KEY:e2Nj!AWJZ8q
      mysql -h db -u report -pLIUIvgd%v9O5qMls shop     | API_KEY:LIUIvgd%v9O5qMls
      define('DB_PASSWORD', '0_#XnUk2pL');              | API_KEY:0_#XnUk2pL
      System.setProperty("db.password", "Pw_2024_prod"); | API_KEY:Pw_2024_prod
      Ocp-Apim-Subscription-Key: 32e7db95c1a44f6a8e2d7b0c9f1a3e5d | API_KEY:32e7db95c1a44f6a8e2d7b0c9f1a3e5d
      hook https://hooks.slack.com/services/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 | API_KEY:lkCaBQBCxpppcqnuoZQ8SAiN
      --registration-token GR13489412ElfRL8pLEYf5Sp-UdGw | API_KEY:GR13489412ElfRL8pLEYf5Sp-UdGw
      runner token glrt-2CR8_eVxiioB1QmzPZwa            | API_KEY:glrt-2CR8_eVxiioB1QmzPZwa
      client_secret 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 | API_KEY: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
      haproxy[2211]: ::ffff:192.0.2.128:51522 [21/Nov  | IP_ADDRESS:::ffff:192.0.2.128
      BSN-nummer 476 981 311                            | NL_BSN:476 981 311
      tlf 23 45 67 89                                   | PHONE:23 45 67 89
      my password is Tr0ub4dor&85 — please reset it     | API_KEY:Tr0ub4dor&85
      Password is: Summer2024! thanks                   | API_KEY:Summer2024!
      Mein Passwort ist "Geheim#2024".                  | API_KEY:Geheim#2024
      Telefon: 2345 6789                                | PHONE:2345 6789
      2026-11-24T10:15:02Z call +49 30 12345678         | PHONE:+49 30 12345678
      NIE X-1234567-L (written with dashes)             | ES_NIE:X-1234567-L
      NIE: Y-1234567-X                                  | ES_NIE:Y-1234567-X
      key id AKIAI44QH8DHBEXAMPLE from the AWS docs     | AWS_ACCESS_KEY:AKIAI44QH8DHBEXAMPLE
      Telefon: +49 30 / 123 456-78                      | PHONE:+49 30 / 123 456-78
      Tel.: +49 (0)89 / 123 456-0                       | PHONE:+49 (0)89 / 123 456-0
      Tel.: 0221 - 123 45 67                            | PHONE:0221 - 123 45 67
      Fax: 089 / 12 34 56 78                            | PHONE:089 / 12 34 56 78
      Tel. 030 / 1234567                                | PHONE:030 / 1234567
      Tel. +49 30 1234567 / 1234568                     | PHONE:+49 30 1234567
      Tel: +49 221 1234567 - 1234568                    | PHONE:+49 221 1234567
      (+34) 612 345 678 / 612 345 679                   | PHONE:(+34) 612 345 678
      Call +49 30 1234567 - 10 am                       | PHONE:+49 30 1234567
      Kd-Nr 0815 - 030 1234567                          | PHONE:030 1234567
      Nr. 07 - 0171 1234567                             | PHONE:0171 1234567
      SECRET_KEY_BASE=9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b | API_KEY:9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b
      AccountName=acme;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;EndpointSuffix=core.windows.net | API_KEY:Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==
      SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=abcDEF123ghiJKL456mnoPQR789stuVWX012yzA345= | API_KEY:abcDEF123ghiJKL456mnoPQR789stuVWX012yzA345=
      //registry.npmjs.org/:_authToken npm_ABCdef1234567890ABCdef1234567890ABCd | API_KEY:npm_ABCdef1234567890ABCdef1234567890ABCd
      HF_TOKEN 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     | API_KEY: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
      DNI 12.345.678-Z                                  | ES_DNI:12.345.678-Z
      Llámame al (+34) 612 345 678                      | PHONE:(+34) 612 345 678
      Kontonummer/IBAN DE89-3704-0044-0532-0130-00      | IBAN:DE89-3704-0044-0532-0130-00
      sendgrid SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG | API_KEY:SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG
      2026-11-24 10:15:02.5 10.20.30.40 login           | IP_ADDRESS:10.20.30.40
      sent Bearer Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA== to the API | API_KEY:Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==
      log: headers bearer 9f8e7d6c5b4a3928170 ok        | API_KEY:9f8e7d6c5b4a3928170
      DB_PASSWORD=Tr0ub4dor&3 in .env                   | API_KEY:Tr0ub4dor&3
      POST token=Zx81kdlQ02mm&amp;page=2                | API_KEY:Zx81kdlQ02mm
      secret=Zx81kdlQ02mm&                              | API_KEY:Zx81kdlQ02mm
      T-1001,4945807302157365,09/27,129.99              | CREDIT_CARD:4945807302157365
      2024-05-02T14:03:11Z,203.0.113.45,success          | IP_ADDRESS:203.0.113.45
      E-0091,Robert Chen,401-73-2245,1979-02-11          | US_SSN:401-73-2245
      nhs,9434765919                                    | UK_NHS:9434765919
      host <ip>10.0.0.3</ip>                            | IP_ADDRESS:10.0.0.3
      secret=a1b2c3d4e5&[0]                             | API_KEY:a1b2c3d4e5
      token=abc123XYZ789&redacted                       | API_KEY:abc123XYZ789
      GET /x?access_token=abc123XYZ789&debug            | API_KEY:abc123XYZ789
      API_TOKEN=abc123XYZ789&&./run.sh                  | API_KEY:abc123XYZ789
      secret=Zx81kdlQ02mm&#38;page=2                    | API_KEY:Zx81kdlQ02mm
      secret=Zx81kdlQ02mm&x%5B%5D=1                     | API_KEY:Zx81kdlQ02mm
      password=p&ssw0rd99                               | API_KEY:p&ssw0rd99
      Bearer 192.168.100.200/24                         | IP_ADDRESS:192.168.100.200
      Bearer  ya29.a0AfH6SMBx3kL9q                      | API_KEY:ya29.a0AfH6SMBx3kL9q
      DB_PASS=Zk8qLm2vXp91 in .env                      | API_KEY:Zk8qLm2vXp91
      SMTP_PASS: "s3cretMail!"                          | API_KEY:s3cretMail!
      Tel. 0-306-40615-3                                | PHONE:0-306-40615-3
      from=<bounces+12345-abcd-user=example.com@em.sendgrid.net> | EMAIL:bounces+12345-abcd-user=example.com@em.sendgrid.net
      SRS0=HHH=TT=example.com=user@fwd.example.org      | EMAIL:SRS0=HHH=TT=example.com=user@fwd.example.org
      GET /unsubscribe?email2=john+news@example.com     | EMAIL:john+news@example.com
      Reply to <anna@example.com> please                | EMAIL:anna@example.com
      dni 12345678z                                     | ES_DNI:12345678z
      2024-05-02 14:03:13,81.2.69.160,GET               | IP_ADDRESS:81.2.69.160
      NAT conversion 10.0.0.1                           | IP_ADDRESS:10.0.0.1
      ADMINS+=john@example.com                          | EMAIL:john@example.com
      sent Bearer 550e8400-e29b-41d4-a716-446655440000 to api | API_KEY:550e8400-e29b-41d4-a716-446655440000
      Tel: 0-306-40615-2                                | PHONE:0-306-40615-2
      {"content": "mail:\\nbob@example.com"}            | EMAIL:bob@example.com
      {"content": "Call me:\\n+1 (415) 555-0132"}       | PHONE:+1 (415) 555-0132
      {"c": "STRIPE_SECRET_KEY=Zx81kdlQ02mmPq\\nNEXT=1"} | API_KEY:Zx81kdlQ02mmPq
      {"c": "hello\\nPESEL: 44051401359"}             | PL_PESEL:44051401359
      {"c": "card\\t4111111111111111"}                 | CREDIT_CARD:4111111111111111
      {"arguments": "{\\"refresh_token\\": \\"KPfRksNV7ulLKnanWSmKh0Ov7Yivyv8x\\"}"} | API_KEY:KPfRksNV7ulLKnanWSmKh0Ov7Yivyv8x
      {"content": "my password is n8Kd!2pQz&Wm"}        | API_KEY:n8Kd!2pQz&Wm
      {"password": "abc\\"def1234"}                    | API_KEY:abc\\"def1234
      "IBAN\\u00a0DE89370400440532013000"              | IBAN:DE89370400440532013000
      jwt.signing-key=Kx9mP2vL7qR4tY8w                  | API_KEY:Kx9mP2vL7qR4tY8w
      password=admin123                                 | API_KEY:admin123
      <password>S3cr3tPassw0rd!</password>              | API_KEY:S3cr3tPassw0rd!
      <ns:apiKey>f3a9c2b7d8e14a6b9c0d</ns:apiKey>       | API_KEY:f3a9c2b7d8e14a6b9c0d
      <entry key="db.password">Zx81!qwerty</entry>      | API_KEY:Zx81!qwerty
      <spring:property name="password">Zx81!qwerty</spring:property> | API_KEY:Zx81!qwerty
      <add key="ApiKey" value="f3a9c2b7d8e14a6b9c0d" /> | API_KEY:f3a9c2b7d8e14a6b9c0d
      {"name": "DB_PASSWORD", "value": "Zx81qwerty"}    | API_KEY:Zx81qwerty
      glpat-AbCdEfGhIjKlMnOpQrSt                        | API_KEY:glpat-AbCdEfGhIjKlMnOpQrSt
      remote: https://x-access-token:gho_PP9F6J6D5BOA1ozP0dDWzItkjd8pAF13gt7J@github.com/acme/site.git | API_KEY:gho_PP9F6J6D5BOA1ozP0dDWzItkjd8pAF13gt7J
      password = vars.Zx81qwerty!                       | API_KEY:vars.Zx81qwerty!
      curl -u admin:Adm1n!2024x https://example.org     | API_KEY:Adm1n!2024x
      curl --user "bob:s3cr3tP4ss" https://example.org  | API_KEY:s3cr3tP4ss
      http -a alice:hunter22X example.org               | API_KEY:hunter22X
      pw = Sunflower#1987                               | API_KEY:Sunflower#1987
      smtp: {port: 587, password: qwhznfybkptelmvs}     | API_KEY:qwhznfybkptelmvs
      prosimy o kontakt: 22 123 45 67                   | PHONE:22 123 45 67
      kontakt 508 985 992, prosi o oddzwonienie         | PHONE:508 985 992
      Ring meg eller kontoret 21 17 03 57.              | PHONE:21 17 03 57
      Biuro obsługi klienta: 22 288 56 96 (pn.-pt.)     | PHONE:22 288 56 96
      The secret for the CI user is leTp34Dauq9jXtuAvCYIgaJpAI6dKrOIDvKkssRw (rotate) | API_KEY:leTp34Dauq9jXtuAvCYIgaJpAI6dKrOIDvKkssRw
      the password for the admin account is Zx81qwerty! | API_KEY:Zx81qwerty!
      GET /data?q=Berlin&app_key=786b24f51456724fe6d241ee8a4e6f96&units=metric | API_KEY:786b24f51456724fe6d241ee8a4e6f96
      DD_APP_KEY=9f8Gh2kLmN0pQ9f8Gh2kLmN0pQ12           | API_KEY:9f8Gh2kLmN0pQ9f8Gh2kLmN0pQ12
      DB_PASSWORD:             D354hgu5Q2!xUQ            | API_KEY:D354hgu5Q2!xUQ
      "password":          "h27e*cX1ZE?b32q3hZu"        | API_KEY:h27e*cX1ZE?b32q3hZu
      <ws:NHSNumber>6298997725</ws:NHSNumber>           | UK_NHS:6298997725
      "socialSecurityNumber": "486749691"               | US_SSN:486749691
      social_security_number: 486749691                 | US_SSN:486749691
      <BSNNummer>111222333</BSNNummer>                  | NL_BSN:111222333
      Node: ip-172-29-30-114.eu-central-1.compute.internal/172.29.30.114 | IP_ADDRESS:172.29.30.114
      upstream grpc/10.1.2.3:50051 unavailable          | IP_ADDRESS:10.1.2.3
      Password (temporary): Kx9mP2vQ7rT4                | API_KEY:Kx9mP2vQ7rT4
      Passwort (vorläufig): 04RX6v7+kmQ?V               | API_KEY:04RX6v7+kmQ?V
      API key: Kx9mP2vQ7rT4aaaa                         | API_KEY:Kx9mP2vQ7rT4aaaa
      the CI token is Xk29fjQ01mZpL7vR2sTq, rotate it   | API_KEY:Xk29fjQ01mZpL7vR2sTq
      Received: from mx.example.org ([IPv6:2001:db8::1]) by mx | IP_ADDRESS:2001:db8::1
      aws_secret_access_key = rTifXZEYzXvwGRPXUjHauKdMNKHWnfVaEpVwKZgT | AWS_SECRET_KEY:rTifXZEYzXvwGRPXUjHauKdMNKHWnfVaEpVwKZgT
      Numer do przeniesienia: 513 849 634               | PHONE:513 849 634
      Your API key is 7f3a9c2e1b4d8f6a0c5e9b2d.         | API_KEY:7f3a9c2e1b4d8f6a0c5e9b2d
      the token for the staging bot is Qm9vZ2xlLXRva2VuLTEyMw | API_KEY:Qm9vZ2xlLXRva2VuLTEyMw
      my passphrase is correct-horse-battery-staple     | API_KEY:correct-horse-battery-staple
      my password is Summer2024-secure                  | API_KEY:Summer2024-secure
      The new password will be Xk29fjQ01mZp             | API_KEY:Xk29fjQ01mZp
      your password has been reset to Xk29fjQ01mZp      | API_KEY:Xk29fjQ01mZp
      The password is now Xk29fjQ01mZp                  | API_KEY:Xk29fjQ01mZp
      Kundennummer 4711, Telefon 030 1234567            | PHONE:030 1234567
      Tel. 089 / 123 456 78-0                           | PHONE:089 / 123 456 78-0
      amex 3782 822463 10005                            | CREDIT_CARD:3782 822463 10005
      diners 3056 930902 5904                           | CREDIT_CARD:3056 930902 5904
      leaked dop_v1_624cc61539032af200edbf0d077679338fd15a0723e09edc86714eaf5b8394a7 | API_KEY:dop_v1_624cc61539032af200edbf0d077679338fd15a0723e09edc86714eaf5b8394a7
      shopify 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 ok | API_KEY: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
      rejected credential dapi92b2c131a4d5e6f708192a3b4c5d6e7f | API_KEY:dapi92b2c131a4d5e6f708192a3b4c5d6e7f
      auth=("api", "key-95b1f8f1a2b3c4d5e6f708192a3b4c5d") | API_KEY:key-95b1f8f1a2b3c4d5e6f708192a3b4c5d
      twine upload -p pypi-AgEIcHlwaS5vcmcCJDY0ZTlhMzE4LWM5YzEtNGQ0Yi1iMWQ1LTg0ZjE2YjQ5ZjYwZQACKlsz | API_KEY:pypi-AgEIcHlwaS5vcmcCJDY0ZTlhMzE4LWM5YzEtNGQ0Yi1iMWQ1LTg0ZjE2YjQ5ZjYwZQACKlsz
      ☎️+39 339 238 5148                                | PHONE:+39 339 238 5148
      ✉️margot.petit@gmail.com                          | EMAIL:margot.petit@gmail.com
      personnummer 181012+1622                          | SE_PERSONNUMMER:181012+1622
      Τηλέφωνο γραφείου: 210 496 7421.                  | PHONE:210 496 7421
      Κινητό: 697 914 6322                              | PHONE:697 914 6322
      Tfno.: 91 755 93 06 (centralita)                  | PHONE:91 755 93 06
      Mijn rekeningnummer is nl75trio8500346241         | IBAN:nl75trio8500346241
      define( 'DB_PASSWORD', 'fOr3wtqpaMZ%31' );        | API_KEY:fOr3wtqpaMZ%31
      Das WLAN-Passwort lautet Sonnenblume2024!         | API_KEY:Sonnenblume2024!
      Passwort: Sonnenblume2024!                        | API_KEY:Sonnenblume2024!
      la password è Gir4sole!77                         | API_KEY:Gir4sole!77
      la contraseña: Naranja#2024                       | API_KEY:Naranja#2024
      hasło: Kr0wka_99                                  | API_KEY:Kr0wka_99
      Het wachtwoord: Tulp3nVeld!                       | API_KEY:Tulp3nVeld!
      X-Auth: Basic dXNlcjpwYXNzd29yZDEyMw==            | API_KEY:dXNlcjpwYXNzd29yZDEyMw==
      La contraseña es Naranja#2024.                     | API_KEY:Naranja#2024
      het wachtwoord is Tulp3nVeld!                      | API_KEY:Tulp3nVeld!
      le mot de passe est Gir4sole!77                    | API_KEY:Gir4sole!77
      Mot de passe : Gir4sole!77                         | API_KEY:Gir4sole!77
      lösenordet är Midsommar#24                         | API_KEY:Midsommar#24
      Das Kennwort lautet Sonnenblume2024!               | API_KEY:Sonnenblume2024!
      hasło to Kr0wka_99!                                | API_KEY:Kr0wka_99!
      Heslo je Kr0wka_99!                                | API_KEY:Kr0wka_99!
      salasana on Kr0wka_99!                             | API_KEY:Kr0wka_99!
      A senha é Naranja#2024                             | API_KEY:Naranja#2024
      datadog_api_key   = "db876a6448d3bba824047c5808911fb5" | API_KEY:db876a6448d3bba824047c5808911fb5
      <wsse:Password Type="http://x/wss#PasswordText">IydQDp2Qoav!59</wsse:Password> | API_KEY:IydQDp2Qoav!59
      machine git.acme.internal login builder password NZSgapVIyT8!38 | API_KEY:NZSgapVIyT8!38
      {"patient":{"nhsNumber":"4447954095"}}             | UK_NHS:4447954095
      INSERT INTO kunden (id, name, steuer_id) VALUES (4101, 'Karl Becker', '47132608004'); | DE_TAX_ID:47132608004
      """)
  void findsValidValue(String text, String expected) {
    assertThat(found(text)).containsExactly(expected);
  }

  @Test
  void aLabelCoversEveryItemOfTheListItStartsWhenEachItemPassesItsOwnCheck() {
    assertThat(found("PESEL: 44051401359, 02070803628")).containsExactly("PL_PESEL:44051401359", "PL_PESEL:02070803628");
    assertThat(found("BSN 111222333 en 123456782")).containsExactly("NL_BSN:111222333", "NL_BSN:123456782");
    assertThat(found("SSNs 123456789; 234567890")).containsExactly("US_SSN:123456789", "US_SSN:234567890");
    assertThat(found("NHS numbers 9434765919 / 9434765870")).containsExactly("UK_NHS:9434765919", "UK_NHS:9434765870");
    assertThat(found("Steuer-ID 65929970489 und 86095742719"))
        .containsExactly("DE_TAX_ID:65929970489", "DE_TAX_ID:86095742719");
    assertThat(found("Personnummer 811218-9876 och 6408233234"))
        .containsExactly("SE_PERSONNUMMER:811218-9876", "SE_PERSONNUMMER:6408233234");
    // a failing checksum ends the list; a word that is not a conjunction breaks it
    assertThat(found("PESEL: 44051401359, 02070803629, 02070803628")).containsExactly("PL_PESEL:44051401359");
    assertThat(found("PESEL 44051401359 and order 02070803628")).containsExactly("PL_PESEL:44051401359");
    assertThat(found("order ids 44051401359, 02070803628")).isEmpty();
  }

  @Test
  void aDelimitedRowTakesItsLabelsFromTheHeaderOfItsColumn() {
    String csv = "nhs_number,given_name,family_name\n6687141619,Sophie,Turner\n6357776726,George,Bennett\n";
    assertThat(found(csv)).containsExactly("UK_NHS:6687141619", "UK_NHS:6357776726");
    // as JSON carries it: the escaped line breaks still separate the rows
    assertThat(found(csv.replace("\n", "\\n"))).containsExactly("UK_NHS:6687141619", "UK_NHS:6357776726");
    assertThat(found("id;bsn;naam\n1;111222333;Jan\n2;123456782;Piet")).containsExactly("NL_BSN:111222333", "NL_BSN:123456782");
    assertThat(found("| NHS number | Name |\n|---|---|\n| 668 714 1619 | Sophie |")).containsExactly("UK_NHS:668 714 1619");
    assertThat(found(" id | pesel       \n----+-------------\n  1 | 44051401359")).containsExactly("PL_PESEL:44051401359");
    // another column's header, a row of another shape, a first line without a header above
    assertThat(found("nhs_number,order_id\n9434765919,6687141619")).containsExactly("UK_NHS:9434765919");
    assertThat(found("nhs_number,name\n1,x\n1;6687141619;x")).isEmpty();
    assertThat(found("6687141619,nhs_number")).isEmpty();
    // a first column of numbers: "12,83040328026" is two fields, not a decimal comma
    assertThat(found("nr,pesel\n12,83040328026")).containsExactly("PL_PESEL:83040328026");
    assertThat(found("pi 3,14159265\n2,71828182")).isEmpty();
    // the header names the column, also when another column's header is the nearer label
    assertThat(found("nhs_number,order_id\n9434765919,6687141619\n6357776726,6687141619"))
        .containsExactly("UK_NHS:9434765919", "UK_NHS:6357776726");
    assertThat(found("name,notes\nJan,NHS number 6687141619")).containsExactly("UK_NHS:6687141619");
  }

  @Test
  void aSecretsColumnOrItsRowInAKeyValueTableHoldsSecrets() {
    // a Google Workspace bulk upload: the header's qualifier is no part of the name; "Change Password
    // at Next Sign-In" and "Password Hash Function" name no password
    String upload = "First Name [Required],Email Address [Required],Password [Required],Password Hash Function [UPLOAD ONLY],"
        + "Change Password at Next Sign-In\nLars,lars@nordvind.se,rl9818t#X0p21!6S*t6042,SHA-1,TRUE\n"
        + "Marta,marta@nordvind.se,QLnj3q7qiU1D3F%Dw,,TRUE\n";
    assertThat(found(upload)).containsExactly("EMAIL:lars@nordvind.se", "API_KEY:rl9818t#X0p21!6S*t6042",
        "EMAIL:marta@nordvind.se", "API_KEY:QLnj3q7qiU1D3F%Dw");
    // compound names written as one word; a UUID client id and a URL are no secrets
    assertThat(found("integration;api_token;client_id;client_secret;webhook_url\n"
        + "shopware;lvpHGRRsWamfZZMHaAy7wSHC0jGEHr15;0850f838-3f9a-49e8-baa5-6b0ac0fa8cfc;Gr0tOj7JjaB11KBMpi2HXzgu;"
        + "https://hooks.example.net/33\n"))
        .containsExactly("API_KEY:lvpHGRRsWamfZZMHaAy7wSHC0jGEHr15", "API_KEY:Gr0tOj7JjaB11KBMpi2HXzgu");
    assertThat(found("user\taccessToken\nalice\t\"k9Fj2LmQ8zXv4RtY\"")).containsExactly("API_KEY:k9Fj2LmQ8zXv4RtY");
    assertThat(found("Service | API Key | Secret Key | Primary Key\nmaps | Zq7wE4rT9yU2iO1p | Hh3Jk8Lm2Nb5Vc7X | 9f8e7d6c5B4a\n"))
        .containsExactly("API_KEY:Zq7wE4rT9yU2iO1p", "API_KEY:Hh3Jk8Lm2Nb5Vc7X");
    // a key/value table names the secret in its first field, the value beside it
    assertThat(found("field,value\nusername,alice\npassword,Xk9#mP2qL!\n")).containsExactly("API_KEY:Xk9#mP2qL!");
    assertThat(found("| Key | Value |\n|---|---|\n| Password | Xk9#mP2qL! |\n| AWS_SECRET_ACCESS_KEY | "
        + "`AVZlMA/mSRJW7XNDwC017Y6g+lEeqTOE1SyC3ZxG` |\n"))
        .containsExactly("API_KEY:Xk9#mP2qL!", "AWS_SECRET_KEY:AVZlMA/mSRJW7XNDwC017Y6g+lEeqTOE1SyC3ZxG");
    // what a table's cell may hold that is no secret: words, a sentence, a placeholder, a hash's name, a number
    assertThat(found("| Setting | Rule |\n|---|---|\n| Password | Must be 12+ characters |\n")).isEmpty();
    assertThat(found("name,token,password_hash\nalice,REDACTED,$2b$12$Qx8kZ\nbob,********,x\ncarol,12345678,y")).isEmpty();
    assertThat(found("test,pass\nlogin,TRUE\nlogout,FALSE")).isEmpty();
    // a list with commas is no table: its names are not the names of the words after them
    assertThat(found("Access-Control-Allow-Headers: Authorization, X-CSRF-Token, X-Request-Id")).isEmpty();
    assertThat(found("X-CSRF-Token,X-Request-Id\nX-Trace,X-Span-Id")).isEmpty();
    assertThat(found("args: [eks, get-token, --cluster-name, prod]")).isEmpty();
    // a row of another shape ends the column
    assertThat(found("id,password\n1,Xk9#mP2qL!\n\nnotes,a,b\n2,Zq7$wE4rT!,x")).containsExactly("API_KEY:Xk9#mP2qL!");
  }

  @Test
  void aFixedWidthTableTakesItsLabelsFromTheHeaderOverEachColumn() {
    String report = "RUN DATE 2023-01-14   PROGRAM CUSTX041   PAGE 0001\n"
        + "CUST-NO    NAME                     SSN       PHONE        ZIP\n"
        + "0028622674 JOHNSON JAMES            131196197 218-492-5491 87282\n"
        + "0084112432 JOHNSON DANIEL           885990712 2079671394   61658\n";
    assertThat(found(report)).containsExactly("US_SSN:131196197", "PHONE:218-492-5491", "US_SSN:885990712",
        "PHONE:2079671394");
    // far below its header, the column still has its label; a title line with digits is no header
    StringBuilder journal = new StringBuilder("LOHNJOURNAL 02/2025  MANDANT 10042\n"
        + "PERSNR  NAME                      STEUER-ID    BRUTTO\n");
    for (int r = 0; r < 80; r++) {
      journal.append("053093  SCHMIDT, KATHE            ").append(r == 79 ? "97643285081" : "00000000000").append("  6.284,70\n");
    }
    assertThat(found(journal.toString())).containsExactly("DE_TAX_ID:97643285081");
    assertThat(found("NHS NUMBER    SURNAME     TEL\n689 770 8445  JONES       01477 322529\n"))
        .containsExactly("UK_NHS:689 770 8445", "PHONE:01477 322529");
    // a column of another name, a blank line between header and row, a row without aligned fields
    assertThat(found("ORDER-NO    AMOUNT\n6687141619  12.00\n")).isEmpty();
    assertThat(found("NHS NUMBER    SURNAME\n\nThe list below is from the old system, kept for reference only:\n"
        + "6687141619    JONES\n")).isEmpty();
    assertThat(found("NHS NUMBER    SURNAME\n1234567890    SMITH (no longer registered with this practice)\n"
        + "6687141619 is the order of Mr Jones\n")).isEmpty();
    // one long number after another with no label: no phone
    assertThat(found("invoice 12345 2079671394 paid")).isEmpty();
  }

  @Test
  void operationsToolingShapesOfSecretsAndIds() {
    // a vendor's own authorization scheme, and a credential's name after the scheme
    assertThat(found("Authorization: GenieKey 480ac1cc-4aa9-4a55-a460-6f359eaf306b"))
        .containsExactly("API_KEY:480ac1cc-4aa9-4a55-a460-6f359eaf306b");
    assertThat(found("Authorization: Token token=VlcHR5uzWHZVuajiYJo7")).containsExactly("API_KEY:VlcHR5uzWHZVuajiYJo7");
    // Markdown's inline code around a header: the JWT is a JWT, the backtick no part of it
    String jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    assertThat(found("I'm using `Authorization: Bearer " + jwt + "` and get 401")).containsExactly("JWT:" + jwt);
    // a base64 service-account token longer than 512 characters, a PagerDuty routing key, an image-pull secret
    String longToken = "ZXlK" + "aGJHY2lPaUpTVXpJMU5pSXNJbXRwWkNJNkltRjVkWFF3WnpobU1ucDVjeUo5".repeat(12) + "==";
    assertThat(found("data:\n  token: " + longToken + "\n")).containsExactly("API_KEY:" + longToken);
    assertThat(found("\"routing_key\": \"d20f94c5062564e888f00148f68ddc05\"")).containsExactly("API_KEY:d20f94c5062564e888f00148f68ddc05");
    assertThat(found(".dockerconfigjson: eyJhdXRocyI6eyJoYXJib3IuZXhhbXBsZS5pbyI6eyJwYXNzd29yZCI6IkI0MFJSM1lvaXAifX19"))
        .containsExactly("API_KEY:eyJhdXRocyI6eyJoYXJib3IuZXhhbXBsZS5pbyI6eyJwYXNzd29yZCI6IkI0MFJSM1lvaXAifX19");
    // base64 of a short password: letters of both cases mixed as no word is
    assertThat(found("DB_PASSWORD: TWlzdHJhbCEyMDIy")).containsExactly("API_KEY:TWlzdHJhbCEyMDIy");
    assertThat(found("token: XMLHttpRequest")).isEmpty();
    // no secrets: MCP's progress token, a value shown with its middle left out, where a vault keeps it
    assertThat(found("{\"progressToken\": \"4eb58138-def2-41c4-a8f2-679e077dcc17\"}")).isEmpty();
    assertThat(found("OPENAI_API_KEY=sk-...JqJ4 (set)")).isEmpty();
    assertThat(found("smtp_password: \"{{ lookup('hashi_vault', 'secret=kv/data/smtp:password') }}\"")).isEmpty();
    // a trace or span id is no card number, whatever Luhn says
    assertThat(found("[dd.trace_id=7270698206804670747 dd.span_id=3030647230972074187]")).isEmpty();
    assertThat(found("{\"span_id\":\"3678000560368034958\",\"traceId\": 3832374114006901730}")).isEmpty();
    assertThat(found("card 3030647230972074187")).containsExactly("CREDIT_CARD:3030647230972074187");
    // a camel-case tax id key
    assertThat(found("taxId: \"53741369289\"")).containsExactly("DE_TAX_ID:53741369289");
  }

  @Test
  void businessDocumentShapes() {
    // an OCR'd footer with its columns run together, an MT940 :86: field's codes
    assertThat(found("Bankverbindung: IBAN:DE89370400440532013000BIC:COBADEFFXXX"))
        .containsExactly("IBAN:DE89370400440532013000");
    assertThat(found(":86:166?00SEPA/IBAN/NL91ABNA0417164300/BIC/ABNANL2A/NAME/J DE VRIES"))
        .containsExactly("IBAN:NL91ABNA0417164300");
    assertThat(found("DE89370400440532013000BICYCLE")).isEmpty();
    // a password told later in the sentence, after a colon; a phone number in the sentence stays one
    assertThat(found("Temporary password issued by phone to +46 72 742 22 64: huU5g68EdaLC0"))
        .containsExactly("PHONE:+46 72 742 22 64", "API_KEY:huU5g68EdaLC0");
    assertThat(found("Password policy: min_length=12")).isEmpty();
    assertThat(found("curl -u admin:password -H 'Content-Type: application/json' https://x")).isEmpty();
    assertThat(found("Password reset. Status: Complete2024")).isEmpty();
  }

  @Test
  void aCsvCarriedInAJsonStringTakesItsLabelsFromItsHeaderRow() {
    // a tool result: the header row starts after the string's opening quote
    assertThat(found("{\"type\":\"text\",\"text\":\"id;naam;bsn\\n1;Femke;341311856\\n2;Jan;111222333\"}"))
        .containsExactly("NL_BSN:341311856", "NL_BSN:111222333");
    assertThat(found("{\"result\": \"id\\tname\\tssn\\n1\\tJohn\\t536221234\\n\"}")).containsExactly("US_SSN:536221234");
    assertThat(found("[\"nr,pesel\\n1,83040328026\"]")).containsExactly("PL_PESEL:83040328026");
    assertThat(found("{\"text\": \"id,order_id\\n1,6687141619\"}")).isEmpty();
  }

  @Test
  void boxDrawingTablesTakeTheirLabelsFromTheHeaderOfEachColumn() {
    String bigQuery = """
        ┌────┬────────────┐
        │ id │ ssn        │
        ├────┼────────────┤
        │  1 │ 486749691  │
        │  2 │ 6298997725 │
        └────┴────────────┘""";
    assertThat(found(bigQuery)).containsExactly("US_SSN:486749691");
    // rich draws the header with heavy lines and the rows with light ones
    assertThat(found("┃ id ┃ nhs_number ┃\n┡━━━━╇━━━━━━━━━━━━┩\n│ 1  │ 6298997725 │")).containsExactly("UK_NHS:6298997725");
    assertThat(found("║ id ║ bsn ║\n╠════╬═════╣\n║ 1 ║ 111222333 ║")).containsExactly("NL_BSN:111222333");
    assertThat(found("│ id │ order_id │\n│ 1 │ 6298997725 │")).isEmpty();
  }

  @Test
  void rowsFlattenedOntoOneLineTakeTheirLabelsFromTheHeaderSegment() {
    assertThat(found("klantnr,naam,bsn,telefoon ¶ 99120,Femke de Graaf,341311856,06-41827395"))
        .containsExactly("NL_BSN:341311856", "PHONE:06-41827395");
    assertThat(found("Kundennummer;Steuer-ID;Betrag || 700123;31629485506;1.234,56 € || 700124;47036892816;9,99 €"))
        .containsExactly("DE_TAX_ID:31629485506", "DE_TAX_ID:47036892816");
    assertThat(found("patient_id,surname,nhs_number ;; P-3310,Hughes,764 371 2379")).containsExactly("UK_NHS:764 371 2379");
    // another column, a segment of another shape, a break that is only the separator
    assertThat(found("nhs_number,order_id || 9434765919,6687141619")).containsExactly("UK_NHS:9434765919");
    assertThat(found("id,nhs_number >> 1,2,7643712379")).isEmpty();
    assertThat(found("nhs_number | 7643712379")).containsExactly("UK_NHS:7643712379"); // the label before it
    assertThat(found("id | 7643712379 | x")).isEmpty();
  }

  @Test
  void anSqlInsertRowTakesItsLabelsFromItsColumnList() {
    assertThat(found("INSERT INTO p (\"nhs_number\", name) VALUES ('6687141619', 'a'),\n ('6357776726', 'b');"))
        .containsExactly("UK_NHS:6687141619", "UK_NHS:6357776726");
    assertThat(found("insert into t (id, bsn) values (7, 111222333)")).containsExactly("NL_BSN:111222333");
    assertThat(found("INSERT INTO orders (id, total) VALUES (6687141619, 3);")).isEmpty();
  }

  @Test
  void aLabelAfterAnEarlierNumberLabelsTheNextOne() {
    assertThat(found("Ring på +45 56 23 09 76 eller tlf. 90 77 44 19 (hverdage)"))
        .containsExactly("PHONE:+45 56 23 09 76", "PHONE:90 77 44 19");
  }

  @Test
  void aValueFieldTakesItsNameFromTheNameFieldOfItsEntry() {
    String env = "env:\n- name: LOG_LEVEL\n  value: debug\n- name: DB_PASSWORD\n  value: Zx81qwertyPass\n- name: PORT\n  value: '8080'\n";
    assertThat(found(env)).containsExactly("API_KEY:Zx81qwertyPass");
  }

  @Test
  void fullWidthFormsUnicodeHyphensAndTextWithoutSpacesAreReadAsTheirAsciiWordsWithOffsetsIntoTheOriginal() {
    assertThat(found("Ｔｅｌ：０３０ １２３４５６７、ｍａｉｌ：ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ　ｏｋ"))
        .containsExactly("PHONE:０３０ １２３４５６７", "EMAIL:ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ");
    assertThat(found("カード ４１１１ １１１１ １１１１ １１１１")).containsExactly("CREDIT_CARD:４１１１ １１１１ １１１１ １１１１");
    // U+2011 non-breaking hyphen, U+2010 hyphen, U+2012 figure dash
    assertThat(found("Tel 030\u20111234567, SSN 123\u201045\u20126789, call +1 212\u2011555\u20110199"))
        .containsExactly("PHONE:030\u20111234567", "US_SSN:123\u201045\u20126789", "PHONE:+1 212\u2011555\u20110199");
    // ASCII values glued to text written without spaces are words of their own
    assertThat(found("メールはtaro@example.comです。電話番号は090-1234-5678です。IPは192.168.1.1です"))
        .containsExactly("EMAIL:taro@example.com", "PHONE:090-1234-5678", "IP_ADDRESS:192.168.1.1");
    assertThat(found("请联系zhang.wei@example.cn谢谢，卡号4111111111111111。"))
        .containsExactly("EMAIL:zhang.wei@example.cn", "CREDIT_CARD:4111111111111111");
    assertThat(found("用户@例子.广告 and user@example.中国")).containsExactly("EMAIL:用户@例子.广告", "EMAIL:user@example.中国");
    assertThat(found("order abc4111111111111111 and 4111111111111111xyz")).isEmpty();
    // an en dash is a range, not a hyphen
    assertThat(found("Seiten 0301234 \u2013 0307654")).isEmpty();
  }

  @Test
  void anHl7IdentifierTypeAfterTheIdLabelsIt() {
    assertThat(found("PID|1||6498691786^^^NHS^NH||SMITH^JOHN")).containsExactly("UK_NHS:6498691786");
    assertThat(found("PID|1||123456789^^^SSA^SS||SMITH^JOHN")).containsExactly("US_SSN:123456789");
    assertThat(found("PID|1||6498691786^^^NHS&2.16.840.1.113883.2.1.4.1&ISO^NH")).containsExactly("UK_NHS:6498691786");
    // another type code, a longer one, a failing check digit
    assertThat(found("PID|1||6498691786^^^NHS^MR||SMITH PID|1||6498691786^^^NHS^NHX PID|1||6498691787^^^NHS^NH")).isEmpty();
  }

  @Test
  void aVersionInATableCellAfterItsHeaderIsNoAddress() {
    assertThat(found("version | 4.2.0.1 | 2024-05-14")).isEmpty();
    assertThat(found("| Version | 4.2.0.1 |")).isEmpty();
  }

  @Test
  void aNationalNumberWithoutTrunkPrefixIsAPhoneUnderAPhoneColumnOrAfterCallAsAnImperative() {
    assertThat(found("idcliente,nombre,telefono_fijo\n7731,Lucía Herrero,913 254 876"))
        .containsExactly("PHONE:913 254 876");
    assertThat(found("id | name | phone\n1 | Bob | 415 555 2671")).containsExactly("PHONE:415 555 2671");
    assertThat(found("INSERT INTO c (id, name, telefon) VALUES (1, 'Jan', '601 314 360');"))
        .containsExactly("PHONE:601 314 360");
    assertThat(found("Volejte na 601 314 360, prosím")).containsExactly("PHONE:601 314 360");
    assertThat(found("Zadzwoń: 601 314 360")).containsExactly("PHONE:601 314 360");
    assertThat(found("Llame al 913 254 876")).containsExactly("PHONE:913 254 876");
    // the same numbers under another column, or with no cue, are counts and amounts
    assertThat(found("id,clientes,total\n1,913 254 876,5")).isEmpty();
    assertThat(found("the llama 601 314 360")).isEmpty();
    assertThat(found("UBRN 0062 5254 2152, reference 0049 3012 3456")).isEmpty();
  }

  @Test
  void anEqualsSignInsideAnUnquotedSecretIsPartOfIt() {
    assertThat(found("spring.datasource.password=mW5lL4sU8=KNFsud%376\nweb1 ansible_password=RGZOS!=v3s4XoaI6x6 x=1"))
        .containsExactly("API_KEY:mW5lL4sU8=KNFsud%376", "API_KEY:RGZOS!=v3s4XoaI6x6");
    assertThat(found("  postgresPassword: iWh_55SiYM-c2=L\n<password>98c2n1-Rex=91</password>"))
        .containsExactly("API_KEY:iWh_55SiYM-c2=L", "API_KEY:98c2n1-Rex=91");
    // the next parameter of a query string still ends it
    assertThat(found("GET /cb?token=abc123XYZ9&user=bob")).containsExactly("API_KEY:abc123XYZ9");
  }

  @Test
  void theNameOfASecretInAnArnNamesASecretItDoesNotHoldOne() {
    assertThat(found("arn:aws:secretsmanager:eu-central-1:183581056816:secret:prod/db/password-JvY06h")).isEmpty();
    assertThat(found("\"SecretId\": \"arn:aws:secretsmanager:us-east-1:123456789012:secret:billing-7Xy9Qz\"")).isEmpty();
    assertThat(found("db:secret: Zx9Qw2Lm4Np6Rs8T")).containsExactly("API_KEY:Zx9Qw2Lm4Np6Rs8T");
  }

  @Test
  void aVersionUnderAVersionColumnAndX500ObjectIdentifiersAreNoAddresses() {
    assertThat(found("| component | version | build |\n|---|---|---|\n| agent | 8.5.8.78 | 20251124.4 |")).isEmpty();
    assertThat(found("subjectAltName (OID 2.5.29.17), keyUsage 2.5.29.15, CN 2.5.4.3")).isEmpty();
    // an address under another column, and addresses next to those arcs, are addresses
    assertThat(found("host,ip,version\nweb1,10.0.0.12,4.2.0.1\nfrom 2.5.41.3")).containsExactly("IP_ADDRESS:10.0.0.12",
        "IP_ADDRESS:2.5.41.3");
  }

  @Test
  void x12QualifiersLabelTheSocialSecurityNumberAndPhoneElementsAfterThem() {
    assertThat(found("NM1*IL*1*MILLER*SARAH****MI*W726476493~REF*SY*048408732~DMG*D8*19750724*M~"))
        .containsExactly("US_SSN:048408732");
    assertThat(found("PER*IC*MARK DOE*TE*2025050739*EM*claims@medclaims.net~"))
        .containsExactly("PHONE:2025050739", "EMAIL:claims@medclaims.net");
    // another qualifier, another segment
    assertThat(found("REF*EI*048408732~CLM*A1*TE*2025050739~")).isEmpty();
  }

  @Test
  void aBase64EncodedPemPrivateKeyIsASecretAnEncodedCertificateIsNot() {
    java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
    String key = b64.encodeToString("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7xyzabc\n-----END RSA PRIVATE KEY-----\n"
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    String cert = b64.encodeToString("-----BEGIN CERTIFICATE-----\nMIIEpAIBAAKCAQEA7xyzabc\n-----END CERTIFICATE-----\n"
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(found("    client-certificate-data: " + cert + "\n    client-key-data: " + key))
        .containsExactly("API_KEY:" + key);
  }

  @Test
  void anAtSignWrittenAsAnHtmlCharacterReferenceJoinsAnAddress() {
    assertThat(found("<span class=\"eml\">anna.berger&#64;mail.dk</span> or bob&#x40;example.com"))
        .containsExactly("EMAIL:anna.berger&#64;mail.dk", "EMAIL:bob&#x40;example.com");
    assertThat(found("a&amp;b &#64;handle &#64; x")).isEmpty();
  }

  @Test
  void placeholdersAndElidedExamplesAreNoSecrets() {
    assertThat(found("password=CHANGE_ME\npassword: change-me\nkeystore_password=changeit\n"
        + "stripe_key = \"sk_live_...\"\napi_key: \"sk-...\"\ntoken: \"ghp_abc\u2026\"")).isEmpty();
  }

  @Test
  void irishAndAustralianFreephoneNumbersAfterAPhoneWordArePhones() {
    assertThat(found("Queries: LoCall 1800 523 084 (Mon-Fri), Tel: 1300 975 707"))
        .containsExactly("PHONE:1800 523 084", "PHONE:1300 975 707");
    assertThat(found("We served 1800 994 091 users")).isEmpty();
  }

  @Test
  void aGenericNationalIdLabelLabelsANumberThatPassesAWeakNationalIdsOwnCheck() {
    assertThat(found("{\"national_identification_number\": \"195704039840\", \"date_of_birth\": \"1957-04-03\"}"))
        .containsExactly("SE_PERSONNUMMER:195704039840");
    assertThat(found("National ID: 54041762272; nationalIdNumber=892880429"))
        .containsExactly("PL_PESEL:54041762272", "NL_BSN:892880429");
    // the same label before numbers that pass no check
    assertThat(found("National ID: 54041762273; nationalIdNumber=123456789")).isEmpty();
  }

  @Test
  void aQuestionInAChatLabelsTheAnswerOnTheNextLineAfterItsTime() {
    assertThat(found("Agent: Could you confirm your NHS number please?\n[10:03] Amelia: sure it's 669 603 6814"))
        .containsExactly("UK_NHS:669 603 6814");
    assertThat(found("NHS number?\n10:03:59 Olivia: 641-974-8062")).containsExactly("UK_NHS:641-974-8062");
    // a time inside the line is a number between the label and the value
    assertThat(found("NHS number at 10:03 is 669 603 6814")).isEmpty();
    assertThat(found("NHS number?\nBed 4: 669 603 6814")).isEmpty();
  }

  @Test
  void theDefaultOfATerraformVariableNamedLikeASecretIsASecret() {
    assertThat(found("variable \"db_password\" {\n  type      = string\n  sensitive = true\n  default   = \"xz13nOjcrv6pr!80\"\n}"))
        .containsExactly("API_KEY:xz13nOjcrv6pr!80");
    assertThat(found("variable \"region\" {\n  default = \"eu-west-1b7\"\n}")).isEmpty();
    // the default of a block that has closed, or of a resource, is not the variable's
    assertThat(found("variable \"api_token\" {}\nlocals {\n  default = \"Zx9Qw2Lm4Np6Rs8T\"\n}")).isEmpty();
  }

  @Test
  void wordPressKeysAndSaltsAreSecretsWhateverSymbolsTheyHoldButCodeInBracketsIsNot() {
    assertThat(found("define( 'AUTH_KEY', 'pRrylCa[Hdrh3(JH3kelu61C[nh+55(vE;zIl5dND#uaX!!8Lv~p|Ojh*8tuYcXN' );"))
        .containsExactly("API_KEY:pRrylCa[Hdrh3(JH3kelu61C[nh+55(vE;zIl5dND#uaX!!8Lv~p|Ojh*8tuYcXN");
    assertThat(found("define('SECURE_AUTH_SALT', 'k8#Yt|v{W@2zQ!m');")).containsExactly("API_KEY:k8#Yt|v{W@2zQ!m");
    assertThat(found("api_key=os.environ[API_KEY]\nAPI_KEY = config[\"api_key\"]\ntoken: getToken(user)\n"
        + "token = getToken(user, \"x\")\n{\"password\": \"get(x1)\"}\npassword=[REDACTED]")).isEmpty();
  }

  @Test
  void valuesGluedToKoreanParticlesOrThaiMarksAreFoundAndAnAsciiAddressEndsWhereAnotherScriptBegins() {
    assertThat(found("고객: 제 번호는 휴대폰010-6128-3666입니다")).containsExactly("PHONE:010-6128-3666");
    assertThat(found("카드4111 1111 1111 1111입니다")).containsExactly("CREDIT_CARD:4111 1111 1111 1111");
    assertThat(found("IP는192.168.1.20입니다")).containsExactly("IP_ADDRESS:192.168.1.20");
    assertThat(found("口座DE89370400440532013000です")).containsExactly("IBAN:DE89370400440532013000");
    // เบอร์ ends in a combining mark (U+0E4C), glued to the number
    assertThat(found("ลูกค้า: เบอร์081 808 9927ค่ะ")).containsExactly("PHONE:081 808 9927");
    for (String glued : new String[] {"이메일은minsu.kim@naver.com입니다", "ईमेलminsu.kim@naver.comहै",
        "почтаminsu.kim@naver.com", "بريديminsu.kim@naver.com", "מיילminsu.kim@naver.com"}) {
      assertThat(found(glued)).as(glued).containsExactly("EMAIL:minsu.kim@naver.com");
    }
    // an address in one script throughout is that script's, Latin letters with diacritics are Latin
    assertThat(found("пишите на иван@почта.рф")).containsExactly("EMAIL:иван@почта.рф");
    assertThat(found("écrire à bjørn.åkesson@exempel.se")).containsExactly("EMAIL:bjørn.åkesson@exempel.se");
  }

  @Test
  void aPasswordLabelledInAnotherScriptIsASecretAWordInThatScriptIsNot() {
    for (String label : new String[] {"密码：", "密碼: ", "パスワード: ", "비밀번호: ", "Пароль: ", "סיסמה: ", "पासवर्ड: ",
        "كلمة المرور: ", "รหัสผ่าน: ", "mật khẩu: ", "Wi-Fi şifresi: ", "测试环境账号 demo5，密码: ", "공유기 비밀번호(password): "}) {
      assertThat(found(label + "Xk9#mQ2vLp7Rt4Wz")).as(label).containsExactly("API_KEY:Xk9#mQ2vLp7Rt4Wz");
    }
    assertThat(found("密码: ****** пароль: неверный パスワード: 8文字以上 비밀번호: 변경됨 mật khẩu: đã đổi 密码: 123456"))
        .isEmpty();
  }

  @Test
  void exportedPhoneColumnsKeepTheirNumbersInTheFormsSpreadsheetsLeave() {
    // compact national numbers under a phone column, however far down the table
    String table = "Telefon;Name;Ort\n030 563778;Becker;Berlin\n030 112233;Schulz;Berlin\n015852038548;Meyer;Dresden";
    assertThat(found(table)).containsExactly("PHONE:030 563778", "PHONE:030 112233", "PHONE:015852038548");
    // eight digits in one run after a phone label or under a phone column (Denmark, Norway)
    assertThat(found("Mobil: 37548878")).containsExactly("PHONE:37548878");
    assertThat(found("Mobil;Navn\n37548878;Hansen")).containsExactly("PHONE:37548878");
    // an international number whose '+' the spreadsheet dropped
    assertThat(found("Tel: 4915544858473")).containsExactly("PHONE:4915544858473");
    assertThat(found("Phone number\tName\n447434821275\tHughes")).containsExactly("PHONE:447434821275");
    // a French number grouped with no-break spaces after a date's comma
    assertThat(found("GIRARD,08/02/1985,06\u00A017\u00A083\u00A009\u00A093,x")).containsExactly("PHONE:06\u00A017\u00A083\u00A009\u00A093");
    // without a label right before, the same digits are an order, an invoice, a count
    assertThat(found("Order: 4915544858473; Invoice 447434821275 paid; Mobile downloads: 23456789")).isEmpty();
  }

  @Test
  void webTrafficFieldsAreReadThroughTheirEncodings() {
    // an address after a number and one space is a log's next field, not the end of a digit group
    assertThat(found("h2 stream=129 93.10.79.113")).containsExactly("IP_ADDRESS:93.10.79.113");
    assertThat(found("rt=0.012 10.0.3.17:8080 status=200")).containsExactly("IP_ADDRESS:10.0.3.17");
    assertThat(found("188.60.248.67:13592 192.168.230.23:8080 0.000"))
        .containsExactly("IP_ADDRESS:188.60.248.67", "IP_ADDRESS:192.168.230.23");
    // a user agent encoded in a CloudFront log is still a product and its version
    assertThat(found("Mozilla/5.0%20(KHTML,%20like%20Gecko)%20Chrome/125.0.0.0%20Safari/537.36")).isEmpty();
    // a qualifier after the key word, nested form fields, encoded brackets
    for (String field : new String[] {"password_confirmation=", "passwordConfirm=", "PASSWORD_REPEAT=", "password2=",
        "api_key_v2=", "client_secret_2=", "token_value=", "user[password]=", "user%5Bpassword%5D=",
        "csrf_token=", "X-XSRF-TOKEN: ", "authenticity_token="}) {
      assertThat(found(field + "N9VbxCJ5GOUpI484&x=1")).as(field).containsExactly("API_KEY:N9VbxCJ5GOUpI484");
    }
    for (String field : new String[] {"secret_name=", "password_policy=", "token_type=", "api_key_id=",
        "I-Twilio-Idempotency-Token: "}) {
      assertThat(found(field + "N9VbxCJ5GOUpI484&x=1")).as(field).isEmpty();
    }
    assertThat(found("billing%5Bphone%5D=0612078922&billing%5Bcountry%5D=NL")).containsExactly("PHONE:0612078922");
    // a multipart part named like a secret holds it on its own line
    assertThat(found("Content-Disposition: form-data; name=\"password\"\r\n\r\nX8dBofBTp-af\r\n--b\r\n"
        + "Content-Disposition: form-data; name=\"username\"\r\n\r\nX8dBofBTp-ag\r\n--b--"))
        .containsExactly("API_KEY:X8dBofBTp-af");
    // ids shaped like addresses: a thread's References, a calendar event's UID
    assertThat(found("References: <a8b97c8b.1766574086@mx1.example.nl> <d191ddb5.1766564176@mail.example.nl>\r\n"
        + " <x1@mail.example.org>\r\nBEGIN:VEVENT\r\nUID:20270109-64eca451686b@abfall.example.fr\r\n"
        + "ORGANIZER;CN=Jonas:mailto:jonas.becker@example.de")).containsExactly("EMAIL:jonas.becker@example.de");
  }

  @Test
  void aPasswordToldWithATopicParticleOrADashCopulaIsASecret() {
    for (String told : new String[] {"パスワードは Xk9#mQ2vLp7Rt4Wz です", "新しいパスワードはXk9#mQ2vLp7Rt4Wzです",
        "パスワードは「Xk9#mQ2vLp7Rt4Wz」です", "我的密码是Xk9#mQ2vLp7Rt4Wz，请保密", "密码为：Xk9#mQ2vLp7Rt4Wz",
        "密碼為 Xk9#mQ2vLp7Rt4Wz", "비밀번호는 Xk9#mQ2vLp7Rt4Wz입니다", "รหัสผ่านคือ Xk9#mQ2vLp7Rt4Wz",
        "Ваш новый пароль — Xk9#mQ2vLp7Rt4Wz, не сообщайте его"}) {
      assertThat(found(told)).as(told).containsExactly("API_KEY:Xk9#mQ2vLp7Rt4Wz");
    }
    // what the sentence says about the password, not the password
    assertThat(found("パスワードは8文字以上で設定してください 密码是必填项 密码是123456789 비밀번호는 8자 이상이어야 합니다 "
        + "Пароль - обязательное поле パスワードは変更しました ハッシュは Xk9#mQ2vLp7Rt4Wz です")).isEmpty();
  }

  @Test
  void spokenCuesNativePhoneWordsAndChineseBrazilianAndRussianNationalFormsFindNationalNumbers() {
    assertThat(found("y si no me pilla llámame al 616 954 513 o escribe")).containsExactly("PHONE:616 954 513");
    assertThat(found("my number is 206 802 2033, thanks")).containsExactly("PHONE:206 802 2033");
    assertThat(found("Liga pra mim no (11) 91960-1279 ou manda e-mail")).containsExactly("PHONE:(11) 91960-1279");
    assertThat(found("fone: (11) 3113-6842")).containsExactly("PHONE:(11) 3113-6842");
    assertThat(found("手机号 132 0362 7055 有事打我")).containsExactly("PHONE:132 0362 7055");
    assertThat(found("我的手机号是13037494241，邮箱")).containsExactly("PHONE:13037494241");
    assertThat(found("тел. 8 922 855 45 04")).containsExactly("PHONE:8 922 855 45 04");
    assertThat(found("Телефон: 8-922-855-45-04")).containsExactly("PHONE:8-922-855-45-04");
    // without a phone word or a caller's phrase such numbers are ids and counts
    assertThat(found("用户ID 13037494241; 订单号 13906977777; the count was 13906977777; order 8 922 855 45 04; "
        + "there were 616 954 513 visitors; número de pedido 616 954 513; llámame al 2026 para hablar")).isEmpty();
  }

  @Test
  void aSecretAssignedInCodeIsFoundWhateverStandsBetweenItsNameAndItsValue() {
    // a declared type between name and '=', compound operators, hash arrows, subscripts, setters and builders
    String[] assigned = {
      "const API_KEY: &str = \"NpTWUj#lBW6968Cg3tDcWh\";", "private readonly apiKey: string = \"NpTWUj#lBW6968Cg3tDcWh\";",
      "val apiKey: String = \"NpTWUj#lBW6968Cg3tDcWh\"", "API_KEY: Final[str] = \"NpTWUj#lBW6968Cg3tDcWh\"",
      "def connect(host: str, password: str = \"NpTWUj#lBW6968Cg3tDcWh\"):", "var password string = \"NpTWUj#lBW6968Cg3tDcWh\"",
      "public string ApiKey { get; set; } = \"NpTWUj#lBW6968Cg3tDcWh\";", "dbPassword := \"NpTWUj#lBW6968Cg3tDcWh\"",
      "API_TOKEN ?= NpTWUj#lBW6968Cg3tDcWh", "ENV[\"API_TOKEN\"] ||= \"NpTWUj#lBW6968Cg3tDcWh\"",
      "'password' => 'NpTWUj#lBW6968Cg3tDcWh',", ":api_key => \"NpTWUj#lBW6968Cg3tDcWh\",",
      "os.environ[\"API_TOKEN\"] = \"NpTWUj#lBW6968Cg3tDcWh\"", "$config['db_password'] = 'NpTWUj#lBW6968Cg3tDcWh';",
      "client.setApiToken(\"NpTWUj#lBW6968Cg3tDcWh\");", "OpenAIClient.builder().apiKey(\"NpTWUj#lBW6968Cg3tDcWh\").build()",
    };
    for (String line : assigned) {
      assertThat(found(line)).as(line).containsExactly("API_KEY:NpTWUj#lBW6968Cg3tDcWh");
    }
    assertThat(found("const AWS_SECRET_ACCESS_KEY: &str = \"wJ8rXtq2Lm9PzV4kNs7Yb1Hc6Gd3Fe0Aa5Bb2Cc9\";"))
        .containsExactly("AWS_SECRET_KEY:wJ8rXtq2Lm9PzV4kNs7Yb1Hc6Gd3Fe0Aa5Bb2Cc9");
    // comparisons, arrow functions, expressions, getters, checkers and placeholders hold no secret
    String[] notAssigned = {
      "tokens.map(token => token.trim())", "if (token == \"abc123XYZdef456\") return", "if token != \"abc123XYZdef456\":",
      "const API_KEY: &str = env!(\"API_KEY\");", "let token = getToken(\"session-42AbC9xyz\")",
      "validateToken(\"eyAbc123Xyz9876qwe\")", "cache.getToken(\"AbC123xyz9876Qwe\")", "password: str = Field(default=None)",
      "api_key: Optional[str] = None", "token: string = \"<your-token>\"", "at 10:15 token = abc", "TOKEN_FILE := /etc/app/token",
      "val label: String = \"Password reset link expired\"", "'token' => $request->input('token'),",
      "return password => password.length > 8;", "user.setPasswordHash(\"5f4dcc3b5aa765d61d8327deb882cf99\")",
      ".apiKey(System.getenv(\"OPENAI_API_KEY\"))", "headers['Authorization'] = 'Bearer ' + token",
    };
    for (String line : notAssigned) {
      assertThat(found(line)).as(line).isEmpty();
    }
  }

  @Test
  void aBelgianNumberWithItsAreaCodeSlashedAndDottedGroupsIsAPhoneOtherDotMixesAreNot() {
    assertThat(found("Tel. 02/512.44.81 of GSM 0475/12.34.56")).containsExactly("PHONE:02/512.44.81", "PHONE:0475/12.34.56");
    // a date, a reference and a version in the same shape
    assertThat(found("datum 01/02.03.2024, ref 01/23.45.67, version 1/2.3.4")).isEmpty();
  }

  @Test
  void aNumberFoundOnceAsAPhoneOrAnIdIsFoundAgainWhereverItIsWrittenLaterInTheText() {
    assertThat(found("Tel.: 954 557 397\n\nQuedo a su disposición para cualquier duda, 954557397."))
        .containsExactly("PHONE:954 557 397", "PHONE:954557397");
    assertThat(found("Observation: {\"phone\": \"880650156\"}\nFinal answer: the customer will be contacted at 880650156."))
        .containsExactly("PHONE:880650156", "PHONE:880650156");
    assertThat(found("payload = {\"steuer_id\": \"14275018939\"}\nE   AssertionError: assert None == '14275018939'"))
        .containsExactly("DE_TAX_ID:14275018939", "DE_TAX_ID:14275018939");
    // not another number, not a longer one holding the same digits, not one glued to letters or run on
    assertThat(found("Tel.: 954 557 397; order 954557398, ref 19545573970, SKU954557397, 954 557 397 12"))
        .containsExactly("PHONE:954 557 397");
    // nor a number only seen earlier without a label
    assertThat(found("Order 880650156 shipped; order 880650156 delivered")).isEmpty();
  }

  @Test
  void spanishAndPolishNumbersAfterTheirLettersContactLinesAndCues() {
    assertThat(found("Información: 966 577 879\nSi actúa como representante")).containsExactly("PHONE:966 577 879");
    assertThat(found("Atención al cliente: 685 90 79 47")).containsExactly("PHONE:685 90 79 47");
    assertThat(found("Quedo a su disposición en el 954 557 397.")).containsExactly("PHONE:954 557 397");
    assertThat(found("Proszę zadzwonić pod numer 601 234 567 po 16:00.")).containsExactly("PHONE:601 234 567");
    // grouped in pairs at the end, as only Spanish and Polish numbers are: 685 90 79 47, 91 421 55 76
    assertThat(found("Contacto de emergencia: Paula Sánchez Navarro – 620 06 25 17"))
        .containsExactly("PHONE:620 06 25 17");
    assertThat(found("Spoke with María at 91 123 45 67 yesterday")).containsExactly("PHONE:91 123 45 67");
    // grouped as a North American number, no valid one, after a phone label: a Greek mobile
    assertThat(found("κιν. 697-771-8072")).containsExactly("PHONE:697-771-8072");
    assertThat(found("ref. 697-771-8072")).isEmpty();
    // not the rest of an international number that failed, not a count in thousands, not a date
    assertThat(found("Invalid: +41 12 345 67 89 (too long)")).isEmpty();
    assertThat(found("Total: 966 577 879 units, 2024 05 11 12")).isEmpty();
  }

  @Test
  void aPolishAreaCodeInParenthesesAnIconFontPhoneGlyphAndAnExtensionAfterATooLongNumber() {
    assertThat(found("Tel. (58) 661 99 77")).containsExactly("PHONE:(58) 661 99 77");
    assertThat(found("T (22) 621 45 67 | M 0048 721701699"))
        .containsExactly("PHONE:(22) 621 45 67", "PHONE:0048 721701699");
    assertThat(found("see items (3) 456 78 90 and (12) 345 678")).isEmpty();
    // Font Awesome's phone glyph (U+F095) as a CV template's PDF text keeps it
    assertThat(found("Nerea Martín López\n\uf095 721956900\n\uf0e0 n.martin@telefonica.net"))
        .containsExactly("PHONE:721956900", "EMAIL:n.martin@telefonica.net");
    assertThat(found("721956900")).isEmpty();
    // the whole with its extension is too long to be valid: the number before the extension is masked, whole
    assertThat(found("Tel. 0821 9 73 87 42-261")).containsExactly("PHONE:0821 9 73 87 42");
    // an Italian mobile with the slash after its operator prefix; not a protocol number with its year
    assertThat(found("use her private number 342/2931687 rather than")).containsExactly("PHONE:342/2931687");
    assertThat(found("prot. n. 3421/2023 del 12 marzo")).isEmpty();
    assertThat(found("Telefon 089 62249945-15")).containsExactly("PHONE:089 62249945-15");
  }

  @Test
  void aServicesKeyUnderItsOwnNameIsAnApiKeyWhenItsValueCanOnlyBeAGeneratedKey() {
    assertThat(found("GREENHOUSE_KEY = \"6b6aa22467eb4f7b7ad04f6ee46faa87\""))
        .containsExactly("API_KEY:6b6aa22467eb4f7b7ad04f6ee46faa87");
    assertThat(found("{\"harvestKey\": \"39e0082c04918a71ebb10c89ab2a4346\"}"))
        .containsExactly("API_KEY:39e0082c04918a71ebb10c89ab2a4346");
    assertThat(found("MAPBOX_KEY=pk8Hq2LmN4vR7tY1wZ3xC5bD9fG")).containsExactly("API_KEY:pk8Hq2LmN4vR7tY1wZ3xC5bD9fG");
    // keys of indexes, caches, objects, digests and events; ids and words under a key's name
    String[] notSecrets = {
      "CACHE_KEY = \"6b6aa22467eb4f7b7ad04f6ee46faa87\"", "{\"sortKey\": \"6b6aa22467eb4f7b7ad04f6ee46faa87\"}",
      "IDEMPOTENCY_KEY=6b6aa22467eb4f7b7ad04f6ee46faa87", "\"incident_key\": \"f75f7982be6b0aea5434e22753358d01\"",
      "checksum_key = d41d8cd98f00b204e9800998ecf8427e", "s3_key: uploads/2024/6b6aa22467eb4f7b7ad04f6ee46faa87.png",
      "VENDOR_KEY=3f2b8c9e-1a4d-4e5f-9b6c-7d8e9f0a1b2c", "PARTNER_KEY=hello-world-this-is-a-name",
      "ORDER_KEY=ORD-2024-000123", "partner_key = 6b6aa22467eb4f7b7a", "{\"key\": \"6b6aa22467eb4f7b7ad04f6ee46faa87\"}",
      "monkey = 6b6aa22467eb4f7b7ad04f6ee46faa87"
    };
    for (String text : notSecrets) {
      assertThat(found(text)).as(text).isEmpty();
    }
  }

  @Test
  void aParameterStorePathNamesTheSecretItsValueFieldHolds() {
    String plan = "  + resource \"aws_ssm_parameter\" \"db\" {\n"
        + "      + name      = \"/payments-webhook/prod/db_password\"\n"
        + "      + type      = \"SecureString\"\n"
        + "      + value     = \"jB23LRBfYzynRfKmGScgdoo7keLl\"\n    }";
    assertThat(found(plan)).containsExactly("API_KEY:jB23LRBfYzynRfKmGScgdoo7keLl");
    assertThat(found("{\"name\": \"/payments/prod/db_host\", \"value\": \"db-7f3kq9.internal\"}")).isEmpty();
  }

  @Test
  void aGeneratedKeyRightAfterApiKeyTokenOrSecretInProseWithNoVerb() {
    assertThat(found("rate limit hit for api key tk_live_czbnzz3yTEcbEJI7VlGCGDrdiiTV (plan=free)"))
        .containsExactly("API_KEY:tk_live_czbnzz3yTEcbEJI7VlGCGDrdiiTV");
    assertThat(found("using api key 6b6aa22467eb4f7b7ad04f6ee46faa87 for staging"))
        .containsExactly("API_KEY:6b6aa22467eb4f7b7ad04f6ee46faa87");
    assertThat(found("revoked token ghx_8f7Gh2kLmN4pQ9rS1tU3vW5xY7zA0bC2 yesterday"))
        .containsExactly("API_KEY:ghx_8f7Gh2kLmN4pQ9rS1tU3vW5xY7zA0bC2");
    String[] notKeys = {
      "the api key rotation happened on Monday", "api key ABCDEFGHIJKLMNOPQRSTUVWX",
      "password hash 5f4dcc3b5aa765d61d8327deb882cf99", "the key 6b6aa22467eb4f7b7ad04f6ee46faa87 opens it",
      "token count 4096 exceeded", "secret santa list"
    };
    for (String text : notKeys) {
      assertThat(found(text)).as(text).isEmpty();
    }
  }

  @Test
  void healthcareFaxHeadersEdiAndHl7PositionsTellPhonesAndSsns() {
    assertThat(found("10/22/2024 01:58AM  FROM: SUMMIT IMAGING CEN 7209694946      TO: 18007237226     P. 1/5"))
        .containsExactly("PHONE:7209694946", "PHONE:18007237226");
    assertThat(found("Order 7209694946 to ship from: the warehouse")).isEmpty();
    // a department's plural is no label of a claim number; the singular still is
    assertThat(found("eligibility & claims 833-317-3105")).containsExactly("PHONE:833-317-3105");
    assertThat(found("Claim 833-317-3105")).isEmpty();
    assertThat(found("PER*CX*CLAIMS DEPT*TE*8776250798~PER*IP**HP*6783275311~"))
        .containsExactly("PHONE:8776250798", "PHONE:6783275311");
    assertThat(found("NM1*IL*1*DOE*JOHN*M***34*759696955~")).containsExactly("US_SSN:759696955");
    assertThat(found("NM1*IL*1*DOE*JOHN*M***MI*759696955~")).isEmpty();
    String pid = "PID|1||008535013^^^SBH^MR||SCHNEIDER^CARMEN^D||19860113|F||2106-3|5101 PEACHTREE PKWY^^SACRAMENTO^CA"
        + "||8138755534^PRN^PH|(916)977-1419^WPN^PH|ENG|S||ACCT69924795|817136924";
    assertThat(found(pid)).containsExactly("PHONE:8138755534", "PHONE:(916)977-1419", "US_SSN:817136924");
    // a ZIP+4 after its state; an SSN label with another id's label nearer the number
    assertThat(found("Boston, MA 02110-8203 and Hartford, CT 06103-1234")).isEmpty();
    assertThat(found("insurer: SSN (tessera sanitaria)   Policy: 649544660")).isEmpty();
  }

  @Test
  void travelBookingsWhatsAppLinksPassengerExportsAndFormsOfPayment() {
    assertThat(found("WhatsApp: https://wa.me/34710767143")).containsExactly("PHONE:34710767143");
    assertThat(found("https://wa.me/12345")).isEmpty();
    assertThat(found("Te enviaremos los avisos por SMS al 673100168.")).containsExactly("PHONE:673100168");
    assertThat(found("ETKT NBR: 074 5106660659")).isEmpty();
    assertThat(found("rimborso biglietto 030-3334644723")).isEmpty();
    String apis = "FLIGHT,DATE,SURNAME,NATIONALITY,PERSONAL_NO,SEAT\n"
        + "SK4432,2024-07-26,KOWALCZYK,POL,58110770319,3D\nSK4432,2024-07-26,VAN DEN BERG,NLD,310590541,15D";
    assertThat(found(apis)).containsExactly("PL_PESEL:58110770319", "NL_BSN:310590541");
    assertThat(found("  17 FP CCVI4539051563280838/0229*CV/N425745\n  2.OSI AA CTC FOP AX375881471845677 EXP 03/29"))
        .containsExactly("CREDIT_CARD:4539051563280838", "CREDIT_CARD:375881471845677");
    assertThat(found("FP CCVI4539051563280839/0229 FOP AX1234567890123")).isEmpty();
  }

  @Test
  void mobileAppConfigsFcmLegacyKeysPrefixedSdkKeysAndBankIdPersonalNumbers() {
    // the credential's name inside the header value is no part of it
    assertThat(found("Authorization: key=AAAAUWzhRvx:APA91btSkGkzxy8fbvVUi2rEgltRip7IsjCrw9u_vtZ2g4KGnObQt"))
        .containsExactly("API_KEY:AAAAUWzhRvx:APA91btSkGkzxy8fbvVUi2rEgltRip7IsjCrw9u_vtZ2g4KGnObQt");
    assertThat(found("sdkKey = \"sdk-bc362530-e55e-4b67-8ecc-4f57330a1705\""))
        .containsExactly("API_KEY:sdk-bc362530-e55e-4b67-8ecc-4f57330a1705");
    assertThat(found("requestKey = \"bc362530-e55e-4b67-8ecc-4f57330a1705\"")).isEmpty();
    assertThat(found("BankID sign started personalNumber=198405192207 endUserIp=10.1.2.3"))
        .contains("SE_PERSONNUMMER:198405192207");
  }

  @Test
  void aPostgresCopyDumpLabelsItsTabSeparatedRowsByItsColumnListUpToTheEndOfData() {
    String dump = "COPY public.applicants (id, ssn, email) FROM stdin;\n"
        + "1\t048050329\ta@gmail.com\n2\t022916616\tb@outlook.com\n\\.\n"
        + "3\t048050330\tc@outlook.com\n";
    assertThat(found(dump)).containsExactly("US_SSN:048050329", "EMAIL:a@gmail.com", "US_SSN:022916616",
        "EMAIL:b@outlook.com", "EMAIL:c@outlook.com");
    assertThat(found("COPY t (id, amount) FROM stdin;\n1\t048050329\n")).isEmpty();
  }

  @Test
  void anIbanGluedToItsMt940SubfieldCodeIsFound() {
    assertThat(found(":86:166?00SEPA-UEBERWEISUNG?30COBADEFFXXX?31DE61816919692672391636?32MUELLER"))
        .containsExactly("IBAN:DE61816919692672391636");
  }

  @Test
  void aCurlUserThatIsAnAddressIsFoundBesideItsPassword() {
    assertThat(found("curl -s -u api@brightlabs.io:G0FQx8Lm2Pq7 https://x.io"))
        .containsExactly("EMAIL:api@brightlabs.io", "API_KEY:G0FQx8Lm2Pq7");
    assertThat(found("git clone git@github.com:org/repo.git")).isEmpty();
  }

  @Test
  void anApostropheInsideTheLocalPartBelongsToTheAddressAQuoteAroundItDoesNot() {
    assertThat(found("Email me at j.o'brien@example.ie or 'quoted@example.com'"))
        .containsExactly("EMAIL:j.o'brien@example.ie", "EMAIL:quoted@example.com");
  }

  @Test
  void aPemPrivateKeyIsOneSecretFromBeginToEndButCertificatesAndPublicKeysAreNot() {
    String block = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7\nQWERTY12345+/==\n-----END RSA PRIVATE KEY-----";
    assertThat(found("key:\n" + block + "\nafter")).containsExactly("API_KEY:" + block);
    // as a JSON string value, with \n escapes, and a header whose end line is elsewhere
    String escaped = "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----";
    assertThat(found("{\"private_key\": \"" + escaped + "\\n\"}")).containsExactly("API_KEY:" + escaped);
    assertThat(found("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"))
        .containsExactly("API_KEY:-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA");
    assertThat(found("-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE\n-----END CERTIFICATE-----")).isEmpty();
    assertThat(found("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkq\n-----END PUBLIC KEY-----")).isEmpty();
  }

  @ParameterizedTest(name = "nothing in {0}")
  @CsvSource(delimiter = '|', textBlock = """
      IBAN DE89370400440532013001
      IBAN GB82WEST12345698765433
      we contacted 123 456 789 customers this week
      headers.Authorization = `Bearer ${token}`;
      Aktenzeichen: 030 130557
      the wall 508 985 992 and the hall 508 985 992
      NDC 0463-8285-63, lot 0611 8932 1053
      Mededeling: +++434/3579/46168+++
      Référence de l'avis : 08 07 0373117 123 60
      see 08 07 0373117 123 60 and 0151 2345 6789 12345
      Air waybill 057-41780944 / 020-82845044 – 29 pcs
      IBAN IT71 R089 0611 8932 1053 6264 291
      IBAN: ES33 6486 9458 2147 4844 0039
      key AKIA7WFUWG6BOBWQ class AbstractSingletonProxyFactoryBeanBuilderX
      The password is case-sensitive.
      the password is re-issued monthly
      The token is single-use and Bearer-only
      the key is to rotate often; the API key is required
      The token is valid for 3600 seconds.
      The token is base64url-encoded; the password is SHA256-hashed, 12-character and URL-safe.
      the password has been compromised; it will be rotated in 2025-Q3 and is set to expire
      Rif. pratica 322 642 9265 del 12/03
      Ihr Zeichen 01/2025/1234
      Primary key: id_customer_2
      User-Agent: acme-cli jdk/17.0.15.6 linux
      https://repo.example.org/releases/1.2.3.4/app.jar
      recontact 508 985 992
      The secret of success is hard work
      the password for this account is required
      primary_key=order_id
      ACCESS_KEY=changeme
      IBAN XX89370400440532013000
      card 4111111111111112
      card 1234567812345670
      NHS number 9434765918
      BSN 111222334
      SSN 000-12-3456
      SSN 666-12-3456
      SSN 900-12-3456
      SSN 123-00-4567
      SSN 123-45-0000
      Steuer-ID 86095742718
      Steuer-ID 11111111116
      DNI 12345678A
      NIE X1234567A
      NIE X-1234567-A
      X-ray X-1234567 and Y-12 Z-
      NIR 269054958815781
      CF RSSMRA85T10A562T
      PESEL 44051401358
      personnummer 811228-9875
      key AKIAIOSFODNN7EXAMPL
      https://a.example/x?sig=1&signature=John&X-Amz-SignedHeaders=host&X-Amz-Date=20261124T000000Z
      key AKIAiosfodnn7example and AKIA-IOSFODNN7EXAMPLE
      Öffnungszeiten 0800 - 1200 Uhr, Seiten 10 - 20 / 30
      between 2019 - 2023 and 030 - 2020
      npm install npm_modules hf_model happy hfs_ SG.small.token hf_abcdefghijklmnopqrstuvwxyzabcdefgh
      PLZ 06108 - 16321, Seiten 0123 - 4567890, Zimmer 0221 - 12345678
      npm_package_devDependencies_eslint_plugin_es2015=1 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_Loader()
      DNI 12.345.678-A and price 12.345.678 EUR
      IBAN DE89-3704 0044-0532-0130-00 and order DE12-3456-7890-1234-5678-90
      logo@2x.png
      backup@2024-01-01.tar.gz, export@v2.csv, app@prod.log and dump@db.sql
      git clone https://oauth2:glpat-xxxxxxxxxxxxxxxxxxxx@gitlab.com/x/y.git
      The suspect was identified by the witness; ALTER USER x IDENTIFIED BY :new_pw; WITH PASSWORD 'changeme'
      mysql -u root -p shop; ls -pla /tmp; tool --password $PW; curl --token-file /run/tok; set --token-count 4096
      STRIPE_SECRET_KEY=sk_live_... and mongodb://reporting:%s@mongo-0.mongo:27017 and curl -u user:pass https://a.io
      Message-ID: <acme/api/check-suites/CS_kwDOKH6c32NLqvIdG@github.com>
      dsn: "https://8e68d1f2a3b44c5d@o031383.ingest.sentry.io/8180410"
      BLZ 370 400 44, Kontonr. 0532 0130 00
      sqlplus / as sysdba, sqlplus scott/${ORA_PW}@orcl, sqlplus user/password@orcl, see docs/guide@v2 and a/b@c
      user@localhost
      uuid 550e8400-e29b-41d4-a716-446655440000
      epoch 1732406400 and millis 1732406400123
      at 2024-11-24T10:15:30.123Z
      at 2024-11-24 10:15:30,123 and 2024-11-24T10:15+01:00 and 2024-02-29T23:59:60.123456789-05:00
      logged 2024-11-24T10:15:30Z 2024-11-24 10:15
      sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
      md5 5d41402abc4b2a76b9719d911017c592
      version=1.2.3.4
      build=10.0.0.1
      v1.2.3.4
      agent/10.0.0.1
      OID 1.3.6.1.4.1.311.21.8
      ISBN 978-3-16-148410-0
      ISBN 0-306-40615-2
      order ORD-2024-000123
      Order #100234567
      invoice INV-2024/0042
      tracking 1Z999AA10123456784
      parcel 9400111899223197428490
      total $4,111.11
      EAN 4006381333931
      time 10:15:30 and MAC 00:1a:2b:3c:4d:5e and std::vector
      ip 256.1.2.3
      call +1 555 010 0000
      "max_tokens": 1024, "token_type": "bearer", "password": null
      password: please reset it via the portal
      api_key=REDACTED and password=ChangeMe and token=Your_Api_Key
      we contacted 123 456 789 customers last year
      revenue reached 23 456 789 EUR in 2026
      hash de89370400440532013000
      100%40 items sold
      phone=%2B4915112345678abc&x=1
      expr=a%2B1234567%3D
      sum=1%2B2%2B3
      mongodb+srv://app:${MONGO_PASSWORD}@cluster0.example.net/db
      Mobile downloads: 23 456 789
      the password was changed yesterday
      password is too short
      passage 123 is fine, part of page 4
      Mobile downloads: 23456789
      Mobile app version 2.3.4 build 20261124
      secret="sk-Redacted-By-Ops-42" and password='ab****cd1234'
      eyJhbGciOiJIUzI1NiJ9 alone
      eyJub3RhbGciOiJ4In0.eyJzdWIiOiIxIn0.sig
      the bearer of bad news arrived late
      Bearer bonds and bearer shares are paper
      Bearer token abc.def.ghi is a placeholder
      Bearer ${ACCESS_TOKEN}
      "version": "2.3.1.0"
      <version>2.3.1.0</version>
      [assembly: AssemblyVersion("1.0.0.0")]
      ProductVersion 2.3.1.0
      {"build": "1.0.0.1"}
      SDK 8.8.8.8
      Revenue 1,234,567,890 units and 3,14159265
      Bearer YOUR_ACCESS_TOKEN_HERE
      Bearer your-api-token-goes-here
      Bearer /usr/local/bin/python3.11
      Bearer v1.2.3-rc.4-build.567890
      password=&quot;hunter22&quot;
      bypass=enabled123x and compass=northwest
      ISBN-10 0-306-40615-2, see 0-306-40615-2
      Message-ID: <CAF=8xQv1+2fJk@mail.gmail.com>
      postfix message-id=<20240502140311.12345@mail.example.com>
      ref 12345678z (no DNI label)
      pi = 3,5291851641428290 (decimal comma)
      Wert;11,882117117743329;
      Preis 1.234,0012345678901 EUR
      version 6.2.0.9,4.9.8.3
      "pass": "FAIL", render.pass=shadow, first_pass=done
      x+y=@example.com
      API_KEY=YOUR_API_KEY_HERE token=your-token-here secret=REPLACE_ME
      GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx OPENAI_API_KEY=sk-your-key-here
      PASSWORD=password and password=secret and token=dummy-token
      git@github.com:acme/app.git
      {"score": 0.8765432101} loss: 0.6931471805
      ISSN 0317-8471
      <token>${TOKEN}</token> <password></password> <password>changeme</password> <tokenCount>1234</tokenCount>
      <passwordPolicy>strict</passwordPolicy> <b>token</b> is not a <i>secret</i> <h1>Reset your password</h1>
      <label for="pwd">Password</label><input type="password" name="pwd" value="">
      <property name="timeout" value="Zx81qwertyPass12"/> {"name": "LOG_LEVEL", "value": "Zx81qwertyPass"}
      sk-learn-compatible-EstimatorName
      apiKey: process.env.OPENAI_API_KEY; password = var.db_password; token: secrets.GH_TOKEN; key AKIAXXXXXXXXXXXXXXXX
      password = data.aws_secretsmanager_secret_version.db.secret_string; OLDPWD=/var/lib/jenkins PWD=/var/lib/jenkins/api
      kubectl create secret generic db --from-file=password=./secrets/db-password.txt; postgresql://%(db_user)s:%(db_password)s@%(db_host)s/x
      curl -u $USER:$PASS https://x; curl -u admin: https://x; curl -A agent:foo123bar https://x; npw=Sunflower#1987
      Numéro de sécurité sociale 2 36 10 69 377 995 37 refusé; password: incorrectpassword; 41 11 11 11 11 11 11 11
      EAN 4006381333931 and 4222222222222, version 4111.1111.1111.1111, 4222 2222 22222
      <div key="secret">Hidden</div> <td name="token">Monday</td> <select name="token"><option>Weekly</option></select>
      -H "x-api-key: $ANTHROPIC_API_KEY" -H "Authorization: Bearer $token"; key-value store key-00000000000000000000000000000000
      <Resource name="jdbc/orders" auth="Container" type="javax.sql.DataSource"/> <Resource auth="Application"/> auth: none
      Größe: 42cm; Straße: Hauptstraße 5; contraseña: ********; dapi, dop_v1_abc, shpat_ and pypi-AgEIcHlwaS5vcmc
      existingSecret: api-credentials; secretRef: db-credentials; "api_key": "••••••••OjvJ"; token: !env_var GITHUB_TOKEN
      please login first, password reset link; the content is Xk9pQ2vLm7zR; mot de passe oublié; hasło to za krótkie
      NIP szkoły 020-928-26-13; if (a    = b); password: !Ref DbPassword
      """)
  void flagsNothing(String text) {
    assertThat(found(text)).isEmpty();
  }

  @Test
  void phoneNumbersWrittenWithNarrowThinOrFigureSpacesAreFoundWithTheirOffsets() {
    // French typography groups digits with U+202F; libphonenumber's punctuation set lacks it
    for (char space : new char[] {'\u202F', '\u2009', '\u2007', '\u00A0'}) {
      String intl = "+33 6 12 34 56 78".replace(' ', space);
      String national = "06 12 34 56 78".replace(' ', space);
      String german = "+49 30 901820".replace(' ', space);
      String text = "Appelez " + intl + " ou au " + national + ", Tel. " + german + ".";

      assertThat(found(text)).as("U+%04X", (int) space)
          .containsExactly("PHONE:" + intl, "PHONE:" + national, "PHONE:" + german);
    }
  }

  @Test
  void jsonEscapedTextIsScannedAsTheTextItQuotesWithOffsetsIntoTheEscapedText() {
    // the two characters backslash and 'n', as JSON carries a line break inside a string
    String json = "{\"content\": \"mail:\\nbob@example.com\\nTOKEN=Zx81kdlQ02mmPq\\nNEXT=1\"}";
    assertThat(json).contains("\\n");

    assertThat(found(json)).containsExactly("EMAIL:bob@example.com", "API_KEY:Zx81kdlQ02mmPq");
    // a tool call's arguments: JSON in a JSON string, with escaped quotes
    String call = "{\"arguments\": \"{\\\"refresh_token\\\": \\\"KPfRksNV7ulLKnanWSmKh0Ov7Yivyv8x\\\"}\"}";
    assertThat(found(call)).containsExactly("API_KEY:KPfRksNV7ulLKnanWSmKh0Ov7Yivyv8x");
    // an escaped quote inside a value stays part of it; an escaped backslash escapes nothing after it
    assertThat(found("{\"password\": \"abc\\\"def1234\"}")).containsExactly("API_KEY:abc\\\"def1234");
    assertThat(found("path C:\\\\nina@example.com")).containsExactly("EMAIL:nina@example.com");
  }

  @Test
  void unicodeAndSlashEscapesOfJsonTextAreReadAsTheirCharactersWithOffsetsIntoTheEscapedText() {
    // what a JSON encoder that escapes non-ASCII (or '@', '+', '/') writes into a tool result
    String mail = "{\"content\":\"Schreib an lena.hoffmann\\u0040gmx.de oder ren\\u00e9.dupont@orange.fr\"}";
    String phones = "{\"content\":\"+33\\u00a06\\u00a022\\u00a041\\u00a087\\u00a039 or \\u002B49 30 901820\"}";
    String iban = "{\"iban\":\"DE89\\u00a03704\\u00a00044\\u00a00532\\u00a00130\\u00a000\"}";
    String dsn = "{\"dsn\":\"postgres:\\/\\/app:R8NebLFONGD%40@db.example.com:5432\\/orders\"}";
    String emoji = "{\"t\":\"\\ud83d\\udcde +33 6 22 41 87 39\"}";

    assertThat(found(mail)).containsExactly("EMAIL:lena.hoffmann\\u0040gmx.de", "EMAIL:ren\\u00e9.dupont@orange.fr");
    assertThat(found(phones)).containsExactly("PHONE:+33\\u00a06\\u00a022\\u00a041\\u00a087\\u00a039",
        "PHONE:\\u002B49 30 901820");
    assertThat(found(iban)).containsExactly("IBAN:DE89\\u00a03704\\u00a00044\\u00a00532\\u00a00130\\u00a000");
    assertThat(found(dsn)).containsExactly("API_KEY:R8NebLFONGD%40");
    assertThat(found(emoji)).containsExactly("PHONE:+33 6 22 41 87 39");
    // an escaped backslash before u is a backslash, not an escape; a u-escape that is not hex is text
    assertThat(found("C:\\\\u0040x a@b.de \\u00zz")).containsExactly("EMAIL:a@b.de");
  }

  @Test
  void jwtWinsOverTheBearerAssignmentItSitsIn() {
    String jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    List<String> got = found("Authorization: Bearer " + jwt + "\r\n");

    assertThat(got).containsExactly("JWT:" + jwt);
    // and after a bare Bearer, even with more token characters after it
    assertThat(found("sent Bearer " + jwt + " and Bearer " + jwt + "/path"))
        .containsExactly("JWT:" + jwt, "JWT:" + jwt);
  }

  @Test
  void longestValidatedSpanWins() {
    // the IBAN's BBAN holds a Luhn-valid, Visa-prefixed run of 16 digits
    String bban = "4111111111111111" + "00";
    String iban = CorpusValues.ibanWithCheck("DE", bban);

    List<String> got = found("IBAN " + iban + " ok");

    assertThat(got).containsExactly("IBAN:" + iban);
  }

  @Test
  void offsetsAreUtf16IndexesThroughEmojiAccentsCrlfAndNarrowSpaces() {
    String text = "Zoë 👍🏽 re\u0301sume\u0301\r\ncard 4111\u00A01111\u00A01111\u00A01111 😊 and 4111\u202F1111\u202F1111\u202F1111"
        + "\r\nmail to jose\u0301@exa\u0301mple.es 🚀";

    List<Span> spans = ENGINE.detect(text);

    assertThat(spans).hasSize(3);
    assertThat(text.substring(spans.get(0).start(), spans.get(0).end())).isEqualTo("4111\u00A01111\u00A01111\u00A01111");
    assertThat(text.substring(spans.get(1).start(), spans.get(1).end())).isEqualTo("4111\u202F1111\u202F1111\u202F1111");
    assertThat(text.substring(spans.get(2).start(), spans.get(2).end())).isEqualTo("jose\u0301@exa\u0301mple.es");
  }

  @Test
  void spansAreSortedAndDisjoint() {
    String text = "a@b.co 4111111111111111 +49 30 12345678 DE89370400440532013000 10.0.0.1 x@y.org";

    List<Span> spans = ENGINE.detect(text);

    assertThat(spans).hasSize(6);
    for (int i = 1; i < spans.size(); i++) {
      assertThat(spans.get(i).start()).isGreaterThanOrEqualTo(spans.get(i - 1).end());
    }
  }

  @Test
  void runsOnlyConfiguredTypes() {
    DetectionEngine emailOnly = DetectionEngine.create(MaskingSettings.builder().addDetector("EMAIL").build());
    String text = "a@b.co 4111111111111111 DE89370400440532013000 AKIAIOSFODNN7EXAMPLE";

    List<Span> spans = emailOnly.detect(text);

    assertThat(spans).extracting(Span::type).containsExactly("EMAIL");
  }

  @Test
  void secretGroupRunsSecretsOnly() {
    DetectionEngine secrets = DetectionEngine.create(MaskingSettings.builder().addDetector("SECRET").build());
    String text = "a@b.co AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY 4111111111111111";

    List<Span> spans = secrets.detect(text);

    assertThat(spans).extracting(Span::type).containsExactly("AWS_ACCESS_KEY", "AWS_SECRET_KEY");
  }
}
