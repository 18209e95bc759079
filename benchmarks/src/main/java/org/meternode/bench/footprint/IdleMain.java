package org.meternode.bench.footprint;

/** The RSS peer of the footprint benchmark: a JVM that does nothing, at JVM defaults. */
public final class IdleMain {
    private IdleMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("idle");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
