/**
 * A self-signed certificate for 127.0.0.1 and localhost (valid until 2126), shared by every
 * in-memory API server so that starting one needs no key generation. It protects nothing: the
 * server only listens on loopback, and the key is public in this package.
 */
export const LOOPBACK_CERT = `-----BEGIN CERTIFICATE-----
MIIBtDCCAVugAwIBAgIUebwcR7lWVdBx9YNlC92Bp08+HvAwCgYIKoZIzj0EAwIw
ITEfMB0GA1UEAwwWa3ViZWtpdC1mYWtlLWFwaXNlcnZlcjAgFw0yNjExMjQxODE5
MjFaGA8yMTI2MTAzMTE4MTkyMVowITEfMB0GA1UEAwwWa3ViZWtpdC1mYWtlLWFw
aXNlcnZlcjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABAWuu0bvke2uq1rqEnLw
voiRUckbeLmNXld9nZdakZp21vzi9Bwso9sk0ry6iP6L+g/qlCyaLlLhybnxwAem
+emjbzBtMB0GA1UdDgQWBBRwzGG5zCmDVy7v1THrpXKBem37BTAfBgNVHSMEGDAW
gBRwzGG5zCmDVy7v1THrpXKBem37BTAaBgNVHREEEzARhwR/AAABgglsb2NhbGhv
c3QwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiBWjSiQhHFvY1kO
OsQLLg+EFUmkddcd3a02ZuMOsd8TbwIgWSuVzoYHu0LxF++CgrzBDUYFNJvM8Cgr
HJ16ze5iABM=
-----END CERTIFICATE-----
`;

/** The private key of {@link LOOPBACK_CERT}. */
export const LOOPBACK_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgkeHR4fjYsIB/2V4Y
AW5kHA0E2evOfpCYV6Gjh/R9fOChRANCAAQFrrtG75Htrqta6hJy8L6IkVHJG3i5
jV5XfZ2XWpGadtb84vQcLKPbJNK8uoj+i/oP6pQsmi5S4cm58cAHpvnp
-----END PRIVATE KEY-----
`;
