import org.springframework.cloud.contract.spec.Contract

Contract.make {
  name 'delete_job'
  description 'A job deleted: 204, no body.'
  request {
    method DELETE()
    url $(c('/v1/jobs/36cc30fd1f56b5c9ebca2fc90e10a979'), p(execute('firstJobPath()')))
    headers {
      // Signed with AWS Signature Version 4 by the client (the tests sign it for real).
      header('Authorization', $(
          c(regex('AWS4-HMAC-SHA256 Credential=\\S+, SignedHeaders=\\S+, Signature=[0-9a-f]{64}')),
          p('AWS4-HMAC-SHA256 Credential=test/20261129/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000')))
    }
  }
  response {
    status NO_CONTENT()
  }
}
