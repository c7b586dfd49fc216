#!/usr/bin/env node
// Prints the URLs phoenix.js builds for each params object of a JSON array given as the first
// argument: {"websocket": Socket#endPointURL(), "longpoll": the first poll's URL}, one JSON line.
// UrlCompatibilityTest compares them with the Java client's.
//
//   node urls.mjs <endpoint> '<json array of params objects>'
import {createRequire} from "node:module"
import path from "node:path"

const require = createRequire(path.join(process.env.PHOENIX_JS_MODULES, "..", "package.json"))
const {Socket, LongPoll} = require("phoenix")

const [endpoint, json] = process.argv.slice(2)
const out = JSON.parse(json).map(params => {
  const websocket = new Socket(endpoint, {params}).endPointURL()
  const longpoll = new LongPoll(websocket)
  const url = longpoll.endpointURL()
  longpoll.close()
  return {websocket, longpoll: url}
})
process.stdout.write(JSON.stringify({urls: out}) + "\n")
process.exit(0)
