#!/bin/sh
# Run by the nginx image before it starts: turn HTTPS on when a certificate is mounted.
set -eu

CERTS=/etc/nginx/certs
if [ -s "$CERTS/fullchain.pem" ] && [ -s "$CERTS/privkey.pem" ]; then
    cp /etc/nginx/chef/tls.conf /etc/nginx/conf.d/tls.conf
    echo "$0: certificate found in $CERTS, serving HTTPS on 443 and HTTP on 80"
else
    rm -f /etc/nginx/conf.d/tls.conf
    echo "$0: no certificate in $CERTS, serving HTTP on 80 only"
fi
