/**
 * HTTP/1.1 as bytes on a socket, for requests the JDK's client will not send (upgrade headers,
 * broken requests, a connection the test cuts) and answers a test must see exactly: {@link
 * dev.switchboard.testsupport.http.ResponseReader} reads a response off a stream into a {@link
 * dev.switchboard.testsupport.http.RawResponse}; {@link dev.switchboard.testsupport.http.RawHttp}
 * sends one request on a fresh connection.
 */
package dev.switchboard.testsupport.http;
