/**
 * The baseline: a bare `node:http` server answering every request with one fixed SCIM ListResponse of
 * about 400 bytes. Nothing a SCIM server can do per request is cheaper, so it is the practical ceiling
 * for a Node JSON response on the machine the bench runs on; every scenario is reported as a ratio to it.
 */
import { createServer } from "node:http"
import { fileURLToPath } from "node:url"

/** The fixed body: one User in a ListResponse, the shape of a `filter=userName eq` answer. */
export const body = JSON.stringify({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
  totalResults: 1,
  itemsPerPage: 1,
  startIndex: 1,
  Resources: [
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      id: "2819c223-7f76-453a-919d-413861904646",
      userName: "user4242@example.com",
      name: { givenName: "Ada", familyName: "Lovelace" },
      active: true,
      meta: {
        resourceType: "User",
        lastModified: "2026-01-01T00:00:00.000Z",
        version: 'W/"1"'
      }
    }
  ]
})

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const headers = { "content-type": "application/scim+json; charset=utf-8", "content-length": Buffer.byteLength(body) }
  const server = createServer((_request, response) => {
    response.writeHead(200, headers)
    response.end(body)
  })
  const port = Number(process.env.PORT ?? 0)
  server.listen(port, "127.0.0.1", () => console.log(`baseline listening on 127.0.0.1:${server.address().port}`))
  server.keepAliveTimeout = 60_000
  process.once("SIGTERM", () => process.exit(0))
}
