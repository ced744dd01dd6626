import org.springframework.cloud.contract.spec.Contract

Contract.make {
  name 'delete_job'
  description 'A job deleted: 204, no body.'
  request {
    method DELETE()
    url $(c('/v1/jobs/36cc30fd1f56b5c9ebca2fc90e10a979'), p(execute('firstJobPath()')))
  }
  response {
    status NO_CONTENT()
  }
}
