/**
 * Plain HTTP: request routing, static files and the HTTP publish API.
 */
package dev.switchboard.server.http;
