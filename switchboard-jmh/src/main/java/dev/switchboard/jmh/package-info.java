/**
 * JMH micro-benchmarks of the hot path: serializers and local fan-out. Not part of the normal
 * build: {@code mvn -Pjmh -pl switchboard-jmh -am package -DskipTests} then
 * {@code java -jar switchboard-jmh/target/benchmarks.jar}.
 */
package dev.switchboard.jmh;
