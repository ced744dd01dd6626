import org.springframework.cloud.contract.spec.Contract

Contract.make {
  name 'get_job_not_found'
  description 'No job has this id: a 404 problem.'
  request {
    method GET()
    url '/v1/jobs/ffffffffffffffffffffffffffffffff'
  }
  response {
    status NOT_FOUND()
    headers { contentType('application/problem+json') }
    body(
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: $(c('No job has the id ffffffffffffffffffffffffffffffff.'), p(anyNonBlankString())),
        instance: $(c('/dev/v1/jobs/ffffffffffffffffffffffffffffffff'), p(regex('(/[^/]+)?/v1/jobs/ffffffffffffffffffffffffffffffff'))))
  }
}
