package dev.zeroimage.image;

import dev.zeroimage.ZeroImageException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed values settings become: ports (and ranges), image paths, users. */
class SettingValuesTest {

    @Test
    void portsAsDockerAndJibWriteThem() {
        assertEquals(List.of("8080/tcp"), Port.parse("8080").configKeys());
        assertEquals(List.of("8080/tcp"), Port.parse(" 8080/TCP ").configKeys());
        assertEquals(List.of("53/udp"), Port.parse("53/udp").configKeys());
        assertEquals(List.of("9/sctp"), Port.parse("09/sctp").configKeys());
        assertEquals(List.of("2000/udp", "2001/udp", "2002/udp", "2003/udp"), Port.parse("2000-2003/udp").configKeys());
        assertEquals(List.of("65535/tcp"), Port.parse("65535-65535").configKeys());
        assertEquals("2000-2003/udp", Port.parse("2000-2003/udp").toString());
    }

    @Test
    void badPortsAreRejectedWithTheAcceptedForms() {
        for (String bad : List.of("", "http", "0", "65536", "8080/", "8080/icmp", "2003-2000", "1-2-3", "80 80", "-1")) {
            ZeroImageException e = assertThrows(ZeroImageException.class, () -> Port.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("Invalid port '" + bad + "' in ports: expected a number from 1 to"
                    + " 65535"), e.getMessage());
        }
        assertThrows(ZeroImageException.class, () -> Port.parse(null));
    }

    @Test
    void imagePathsAreNormalisedAndMustBeAbsolute() {
        assertEquals("/usr/bin/app", ImagePath.of("//usr/bin//app/").value());
        assertEquals("/", ImagePath.of("/").value());
        assertEquals("app", ImagePath.of("/usr/bin/app").fileName());
        for (String bad : List.of("app", "", "/a/../etc/passwd", "/./a")) {
            ZeroImageException e = assertThrows(ZeroImageException.class, () -> ImagePath.of(bad), bad);
            assertTrue(e.getMessage().startsWith("Invalid path in the image '" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new ImagePath("/not//normal"));
    }

    @Test
    void usersAreNamesOrUids() {
        assertTrue(new User("65532").isNumeric());
        assertTrue(new User("65532:65532").isNumeric());
        assertFalse(new User("nonroot").isNumeric());
        assertFalse(new User(":1000").isNumeric());
        assertEquals("nonroot", new User("nonroot:staff").name());
        assertEquals("nonroot:staff", new User("nonroot:staff").toString());
        assertThrows(ZeroImageException.class, () -> new User(" "));
    }
}
