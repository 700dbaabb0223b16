package dev.zeroimage.build;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.User;
import dev.zeroimage.layer.LayerContents;
import dev.zeroimage.layer.LayerEntry;
import dev.zeroimage.layer.LayerFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user name must be in the final image's /etc/passwd; a uid need not. */
class UserCheckTest {
    @TempDir
    Path dir;

    private static final LayerFiles NO_FILES = new LayerFiles(List.of());
    private static final LayerContents NO_EXTRA_FILES = new LayerContents();

    private LayerFiles baseFiles() throws Exception {
        BaseImage base = InMemoryBases.withPasswd(dir.resolve("base-store"), "amd64");
        return new LayerFiles(base.layers());
    }

    @Test
    void numericUsersNeedNoPasswd() {
        assertDoesNotThrow(() -> UserCheck.requireUserExists(new User("65532"), NO_FILES, NO_EXTRA_FILES));
        assertDoesNotThrow(() -> UserCheck.requireUserExists(new User("1000:1000"), NO_FILES, NO_EXTRA_FILES));
        assertDoesNotThrow(() -> UserCheck.requireUserExists(null, NO_FILES, NO_EXTRA_FILES));
    }

    @Test
    void aNameWithoutAnyPasswdIsRejectedWithWhatToDo() {
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> UserCheck.requireUserExists(new User("nonroot"), NO_FILES, NO_EXTRA_FILES));
        assertTrue(e.getMessage().contains("has no /etc/passwd"), e.getMessage());
        assertTrue(e.getMessage().contains("from=static"), e.getMessage());
    }

    @Test
    void aNameIsFoundInTheBase() throws Exception {
        assertEquals(new User("65532:65532"), UserCheck.resolve(new User("nonroot"), baseFiles(), NO_EXTRA_FILES));
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> UserCheck.requireUserExists(new User("nonroo"), baseFiles(), NO_EXTRA_FILES));
        assertTrue(e.getMessage().contains("user 'nonroo' is not in the image's /etc/passwd"), e.getMessage());
    }

    @Test
    void anExtraFilesPasswdReplacesTheBasesOne() throws Exception {
        LayerContents extra = new LayerContents().add(LayerEntry.content("/etc/passwd",
                "app:x:1000:1000::/home/app:/sbin/nologin\n".getBytes(StandardCharsets.UTF_8), 0644));

        assertEquals(new User("1000:1000"), UserCheck.resolve(new User("app"), baseFiles(), extra));
        assertThrows(ZeroImageException.class, () -> UserCheck.requireUserExists(new User("nonroot"), baseFiles(), extra));
    }

    @Test
    void numericUsersAreWrittenAsGiven() throws Exception {
        assertEquals(new User("65532"), UserCheck.resolve(new User("65532"), NO_FILES, NO_EXTRA_FILES));
        assertEquals(new User("1000:50"), UserCheck.resolve(new User("1000:50"), NO_FILES, NO_EXTRA_FILES));
        assertEquals(null, UserCheck.resolve(null, NO_FILES, NO_EXTRA_FILES));
    }

    @Test
    void aNameAndGroupAreBothResolvedFromPasswdAndGroup() throws Exception {
        LayerContents extra = new LayerContents().add(LayerEntry.content("/etc/group",
                "root:x:0:\nstaff:x:50:nonroot\nnonroot:x:65532:\n".getBytes(StandardCharsets.UTF_8), 0644));
        assertEquals(new User("65532:50"), UserCheck.resolve(new User("nonroot:staff"), baseFiles(), extra));
        assertEquals(new User("65532:65532"), UserCheck.resolve(new User("nonroot:nonroot"), baseFiles(), extra));
        assertEquals(new User("65532:7"), UserCheck.resolve(new User("nonroot:7"), baseFiles(), NO_EXTRA_FILES),
                "a numeric group needs no /etc/group");

        ZeroImageException unknown = assertThrows(ZeroImageException.class,
                () -> UserCheck.resolve(new User("nonroot:wheel"), baseFiles(), extra));
        assertTrue(unknown.getMessage().contains("the group wheel is not in the image's /etc/group"),
                unknown.getMessage());
        ZeroImageException noGroupFile = assertThrows(ZeroImageException.class,
                () -> UserCheck.resolve(new User("nonroot:staff"), baseFiles(), NO_EXTRA_FILES));
        assertTrue(noGroupFile.getMessage().contains("has no /etc/group"), noGroupFile.getMessage());
    }

    @Test
    void aPasswdEntryWithoutNumericIdsIsRejectedNamingIt() {
        LayerContents extra = new LayerContents().add(LayerEntry.content("/etc/passwd",
                "app:x:app:1000::/:/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0644));
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> UserCheck.resolve(new User("app"), NO_FILES, extra));
        assertTrue(e.getMessage().contains("/etc/passwd entry for app has no numeric uid and gid"), e.getMessage());
    }
}
