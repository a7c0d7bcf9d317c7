import Database from "better-sqlite3"
const [file, dir] = process.argv.slice(2)
