package dev.zeroimage.registry;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.auth.Credential;
import dev.zeroimage.image.ImageReference;

import java.io.IOException;
import java.util.Optional;

/**
 * Checks, before a long build, that the credentials can push to a repository: a push-scoped token,
 * then a blob upload that is opened ({@code POST …/blobs/uploads/}, 202 expected) and cancelled at
 * once. A registry that hands out push-scoped tokens without the right is caught by the POST.
 */
public final class PushAccessCheck {
    /** Why a push would fail, or OK. */
    public enum Outcome { OK, NO_CREDENTIALS, WRONG_PASSWORD, PULL_ONLY, UNREACHABLE, REFUSED }

    /** The outcome and the one line to show for it. */
    public record Result(Outcome outcome, String message) {
        public boolean canPush() {
            return outcome == Outcome.OK;
        }
    }

    private final RegistryOptions options;

    /** Credentials come from {@code options}; wrap them in RememberedCredentials so they are looked up once. */
    public PushAccessCheck(RegistryOptions options) {
        this.options = options;
    }

    /** @param shown the image as the user wrote it, for the messages */
    public Result check(ImageReference target, String shown) throws IOException {
        String registry = target.registry();
        if (options.offline()) {
            throw new ZeroImageException("Cannot check push access to " + shown + " while offline: the check"
                    + " talks to registry " + registry + ". Run it without offline mode.");
        }
        Optional<Credential> credential = options.credentials().find(registry);
        RegistryClient client = new RegistryClient(registry, target.apiHost(), options);
        int status;
        try {
            status = client.tryUpload(target.repository());
        } catch (ZeroImageException e) {
            return failed(e, credential, shown, registry);
        }
        if (status == 202) {
            return new Result(Outcome.OK, "OK: can push to " + shown);
        }
        if (status == 401 || status == 403) {
            if (credential.isEmpty()) {
                return noCredentials(shown, registry);
            }
            // Basic auth answers the POST with 401 for a wrong password too: a login check tells them apart.
            try {
                client.checkLogin();
            } catch (ZeroImageException e) {
                return failed(e, credential, shown, registry);
            }
            return new Result(Outcome.PULL_ONLY, "Cannot push to " + shown + ": registry " + registry
                    + " accepts the credentials from " + credential.get().source() + " (user "
                    + credential.get().username() + ") but grants them no push access to " + target.repository()
                    + " (a pull-only token; HTTP " + status + " to the upload). Use an account or token with"
                    + " write access to the repository.");
        }
        return new Result(Outcome.REFUSED, "Cannot push to " + shown + ": registry " + registry
                + " answered HTTP " + status + " when asked to start an upload to " + target.repository()
                + " (202 expected). Check the image name.");
    }

    private static Result failed(ZeroImageException e, Optional<Credential> credential, String shown,
                                 String registry) {
        if (e.getCause() instanceof IOException) {
            return new Result(Outcome.UNREACHABLE, "Cannot push to " + shown + ": registry " + registry
                    + " is unreachable: " + e.getMessage());
        }
        if (e.getMessage() != null && e.getMessage().contains(" denied access")) {
            if (credential.isEmpty()) {
                return noCredentials(shown, registry);
            }
            return new Result(Outcome.WRONG_PASSWORD, "Cannot push to " + shown + ": registry " + registry
                    + " refused the credentials from " + credential.get().source() + " (user "
                    + credential.get().username() + "): wrong username or password. Log in again.");
        }
        return new Result(Outcome.REFUSED, "Cannot push to " + shown + ": " + e.getMessage());
    }

    private static Result noCredentials(String shown, String registry) {
        return new Result(Outcome.NO_CREDENTIALS, "Cannot push to " + shown + ": no credentials for " + registry
                + " (it refuses anonymous pushes). Log in first: zeroimage login " + registry
                + ", mvn zeroimage:login, docker login or podman login.");
    }
}
