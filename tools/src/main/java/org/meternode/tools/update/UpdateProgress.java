package org.meternode.tools.update;

/**
 * What a node's object 5 (and /3/0/3) said at one moment: State (0 idle, 1 downloading, 2
 * downloaded, 3 updating), Update Result (LwM2M 1.1 codes), PkgVersion and firmware version.
 */
public record UpdateProgress(int state, int result, String pkgVersion, String firmwareVersion) {
    public boolean idle() {
        return state == 0;
    }

    public boolean downloaded() {
        return state == 2;
    }
}
