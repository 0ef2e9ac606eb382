package io.encaisse.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One application context for the integration tests, wired like production: a real PostgreSQL (embedded,
 * in a fresh folder), the real routes from routes/, bank files from a real SFTP server (Apache MINA SSHD)
 * and reminder emails to a real SMTP server (GreenMail). The peers start once per JVM.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class HubTestBase {

    public static final String API_KEY = "test-key-" + UUID.randomUUID();
    public static final String SFTP_USER = "encaisse";
    public static final String SFTP_PASSWORD = "sftp-secret";

    protected static final Path DATA_DIR = Path.of("target", "test-data", UUID.randomUUID().toString()).toAbsolutePath();
    protected static final Path SFTP_ROOT = DATA_DIR.resolve("sftp-root");
    protected static final GreenMail SMTP;
    protected static final SshServer SFTP;

    static {
        try {
            Files.createDirectories(SFTP_ROOT.resolve("inbox"));
            Files.createDirectories(SFTP_ROOT.resolve("erp-inbox"));
            SFTP = SshServer.setUpDefaultServer();
            SFTP.setHost("127.0.0.1");
            SFTP.setPort(0);
            SFTP.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(DATA_DIR.resolve("sftp-hostkey.ser")));
            SFTP.setPasswordAuthenticator((user, password, session) -> SFTP_USER.equals(user) && SFTP_PASSWORD.equals(password));
            SFTP.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
            SFTP.setFileSystemFactory(new VirtualFileSystemFactory(SFTP_ROOT));
            SFTP.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SMTP = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        SMTP.start();
    }

    @LocalServerPort
    protected int port;

    protected ApiClient api() {
        return ApiClient.create(port, API_KEY);
    }

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        registry.add("encaisse.hub.data-dir", DATA_DIR::toString);
        registry.add("encaisse.api.bootstrap-key", () -> API_KEY);
        String sftp = "sftp://" + SFTP_USER + "@127.0.0.1:" + SFTP.getPort();
        String common = "password=" + SFTP_PASSWORD + "&strictHostKeyChecking=no&useUserKnownHostsFile=false&autoCreate=true";
        registry.add("encaisse.bank.inbox-uri", () -> sftp + "/inbox?" + common
                + "&delete=true&moveFailed=../error&readLock=changed&readLockCheckInterval=300&readLockTimeout=5000"
                + "&readLockMinAge=500&delay=500&initialDelay=200&exclude=.*\\.(tmp|part)$");
        registry.add("encaisse.bank.done-uri", () -> sftp + "/done?" + common + "&fileExist=Override");
        registry.add("encaisse.bank.error-uri", () -> sftp + "/error?" + common + "&fileExist=Override");
        registry.add("encaisse.erp.files.inbox-uri", () -> sftp + "/erp-inbox?" + common
                + "&delete=true&readLock=changed&readLockCheckInterval=300&readLockTimeout=5000"
                + "&readLockMinAge=500&delay=500&initialDelay=200&exclude=.*\\.(tmp|part)$");
        registry.add("encaisse.erp.files.done-uri", () -> sftp + "/erp-done?" + common + "&fileExist=Override");
        registry.add("encaisse.erp.files.error-uri", () -> sftp + "/erp-error?" + common + "&fileExist=Override");
        registry.add("encaisse.dunning.mail-uri", () -> "smtp://127.0.0.1:" + SMTP.getSmtp().getPort());
        registry.add("encaisse.dunning.send-every", () -> "500");
        registry.add("encaisse.dunning.enabled", () -> "false");
    }

    /** Puts a file in the SFTP folder the ERP drops its exports in: written under a temporary name, then renamed. */
    protected static Path dropErpFileOnSftp(String name, byte[] content) throws IOException {
        Path inbox = SFTP_ROOT.resolve("erp-inbox");
        Path tmp = inbox.resolve(name + ".part");
        Files.write(tmp, content);
        return Files.move(tmp, inbox.resolve(name));
    }

    /** Puts a file on the SFTP server the way a bank's client does: written under a temporary name, then renamed. */
    protected static Path dropOnSftp(String name, byte[] content) throws IOException {
        Path inbox = SFTP_ROOT.resolve("inbox");
        Path tmp = inbox.resolve(name + ".part");
        Files.write(tmp, content);
        return Files.move(tmp, inbox.resolve(name));
    }
}
