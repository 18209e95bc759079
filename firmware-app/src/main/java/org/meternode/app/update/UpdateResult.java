package org.meternode.app.update;

/**
 * LwM2M 1.1 Firmware Update (object 5) resource 5 "Update Result" codes. The mapping of our checks
 * to codes is in the README ("Firmware updates"): a bad signature or hash is 5, a package for
 * another board, an unknown format or a version that is not newer is 6.
 */
public enum UpdateResult {
    INITIAL(0),
    SUCCESS(1),
    NOT_ENOUGH_FLASH(2),
    OUT_OF_RAM(3),
    CONNECTION_LOST(4),
    INTEGRITY_CHECK_FAILURE(5),
    UNSUPPORTED_PACKAGE_TYPE(6),
    INVALID_URI(7),
    UPDATE_FAILED(8),
    UNSUPPORTED_PROTOCOL(9),
    CANCELLED(10);

    private final int code;

    UpdateResult(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static UpdateResult ofCode(int code) {
        for (UpdateResult r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("no Update Result " + code);
    }
}
