/**
 * The scripts the tests run in Node: the official phoenix.js client ({@link
 * dev.switchboard.testsupport.js.PhoenixScenario}; {@code phoenix/cluster.mjs},
 * {@code phoenix/presence-peer.mjs} and {@code phoenix/recovery.mjs}, which run alongside the test
 * and report as they go, through {@link dev.switchboard.testsupport.js.NodeScript#start};
 * {@code phoenix/urls.mjs} through {@link
 * dev.switchboard.testsupport.js.NodeScript#run}) and the demo chat page in headless Chromium
 * ({@link dev.switchboard.testsupport.js.BrowserScenario}). The scripts observe and print JSON
 * lines; the Java tests judge.
 *
 * <p>All of them live in one npm project, this module's {@code src/main/js} (package.json,
 * package-lock.json), which the build installs with {@code npm ci}; Node resolves each script's
 * imports from the {@code node_modules} beside it, so a script can also be run by hand from there.
 */
package dev.switchboard.testsupport.js;
