import { describe, expect, it } from "vitest"
import * as AddressGuard from "../../src/webhooks/AddressGuard.js"

describe("AddressGuard.isBlocked", () => {
  it.each([
    "127.0.0.1",
    "127.255.0.9",
    "0.0.0.0",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "198.18.0.1",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "::ffff:127.0.0.1",
    "::ffff:8.8.8.8",
    "fd00::1",
    "fe80::1",
    "ff02::1",
    "2001:db8::1",
    "2002:7f00:1::",
    "not-an-address"
  ])("blocks %s", (address) => {
    expect(AddressGuard.isBlocked(address)).toBe(true)
  })

  it.each(["8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "192.169.0.1", "2606:4700:4700::1111"])(
    "allows %s",
    (address) => {
      expect(AddressGuard.isBlocked(address)).toBe(false)
    }
  )

  it("recognises IP literals in URL hostnames", () => {
    expect(AddressGuard.literalAddress(new URL("http://[::1]:8080/").hostname)).toBe("::1")
    // The URL parser normalises the numeric forms of IPv4 that naive checks miss.
    expect(AddressGuard.literalAddress(new URL("http://2130706433/").hostname)).toBe("127.0.0.1")
    expect(AddressGuard.literalAddress(new URL("http://0x7f.1/").hostname)).toBe("127.0.0.1")
    expect(AddressGuard.literalAddress("example.com")).toBeUndefined()
  })

  it("refuses names that resolve to blocked addresses", async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      AddressGuard.guardedLookup("localhost", {}, (failure) => resolve(failure))
    )
    expect(error).toBeInstanceOf(AddressGuard.BlockedAddressError)
    expect(error?.message).toMatch(/refused to connect to (127\.0\.0\.1|::1)/)
  })
})
