#!/bin/sh
# lvs_samples: for each sample config with virtual servers (Debian's keepalived
# samples, reproduced below from /usr/share/doc/keepalived/samples/, and vigil's own
# feature configs), `ipvsadm -Sn | sort` after vigild equals the same after
# keepalived 2.2.7. Both run with -C (checker child only) on the same config and the
# table is saved once it has been stable for 2 s. The Debian samples' health checkers
# are stripped (an awk below) so that every real server is up for both daemons;
# vigil's own configs keep checkers only where they must fail (a closed port on
# 127.0.0.1, with alpha), so the start-up state is final for both. Also: vigild
# removes exactly its entries at stop, leaves a foreign service alone, and keeps the
# table with -I.
set -eu

[ "${VIGILD_AVAILABLE:-0}" = 1 ] || { echo "SKIP: no vigild in the guest"; exit 77; }
fail=0
FAILED=""

# Checker blocks go; SMTP_CHECK's host { } sub-blocks go with their checker.
strip_checkers() {
	awk '
	$1 ~ /^(HTTP_GET|SSL_GET|TCP_CHECK|MISC_CHECK|SMTP_CHECK|DNS_CHECK|UDP_CHECK|PING_CHECK|FILE_CHECK|BFD_CHECK)$/ && !skip {
		skip = 1; depth = 0; opened = 0
	}
	skip {
		line = $0
		o = gsub(/\{/, "{", line)
		c = gsub(/\}/, "}", line)
		depth += o - c
		if (o) opened = 1
		if (opened && depth <= 0) skip = 0
		next
	}
	{ print }' "$1"
}

table() {
	ipvsadm -Sn | sort
}

# wait_stable OUT: the table once it has not changed for 2 s (non-empty), within 20 s.
wait_stable() {
	prev="" same=0 i=0
	while [ $i -lt 40 ]; do
		cur=$(table)
		if [ -n "$cur" ] && [ "$cur" = "$prev" ]; then
			same=$((same + 1))
			[ $same -ge 4 ] && { printf '%s\n' "$cur" >"$1"; return 0; }
		else
			same=0
		fi
		prev=$cur
		i=$((i + 1))
		sleep 0.5
	done
	printf '%s\n' "$cur" >"$1"
	return 1
}

# stop PID NAME: SIGTERM and wait (10 s) for the process to go.
stop() {
	kill -TERM "$1" 2>/dev/null || true
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$1" 2>/dev/null; then
		echo "  $2 did not stop; killing it"
		kill -KILL "$1" 2>/dev/null || true
	fi
	wait "$1" 2>/dev/null || true
}

run_keepalived() {
	keepalived -n -l -C -f "$1" -p "$PWD/ka.pid" -c "$PWD/ka_c.pid" -r "$PWD/ka_v.pid" \
		>ka.log 2>&1 &
	KA=$!
}

# compare NAME CONF: keepalived's table, then vigild's, on an empty IPVS table.
compare() {
	name=$1 conf=$2
	ipvsadm -C
	run_keepalived "$conf"
	wait_stable "ka.$name" || echo "  keepalived: table not stable"
	stop "$KA" keepalived
	ipvsadm -C
	"$VIGILD" -n -l -C -f "$conf" -p "$PWD/v.pid" -c "$PWD/v_c.pid" -r "$PWD/v_v.pid" \
		>"vigild.$name.log" 2>&1 &
	VG=$!
	wait_stable "vigil.$name" || echo "  vigild: table not stable"
	stop "$VG" vigild
	left=$(table)
	if cmp -s "ka.$name" "vigil.$name"; then
		echo "PASS: $name: $(grep -c '^-A' "vigil.$name") services, $(grep -c '^-a' "vigil.$name") real servers, same as keepalived"
	else
		echo "FAIL: $name: vigild's table differs from keepalived's"
		diff -u "ka.$name" "vigil.$name" | sed 's/^/  /' || true
		echo "  --- vigild's log"
		tail -n 20 "vigild.$name.log" | sed 's/^/  /'
		fail=1
		FAILED="$FAILED $name"
	fi
	if [ -n "$left" ]; then
		echo "FAIL: $name: vigild left entries behind at stop:"
		printf '%s\n' "$left" | sed 's/^/  /'
		fail=1
	fi
}

# The samples' VRRP sections name eth0 and eth1: make them exist (the checker child
# does not use them, but the configuration check does).
"$IP" link add eth0 type dummy 2>/dev/null || true
"$IP" link add eth1 type dummy 2>/dev/null || true
"$IP" link set eth0 up
"$IP" link set eth1 up
"$IP" addr add 127.0.0.2/8 dev lo 2>/dev/null || true

# ---- Debian keepalived 2.2.7 samples (verbatim; checkers stripped at run time) ----
cat >'debian.HTTP_GET.port.orig' <<'SAMPLE_EOF'
! Configuration File for keepalived

global_defs {
   notification_email {
     acassen
   }
   notification_email_from Alexandre.Cassen@firewall.loc
   smtp_server 192.168.200.1
   smtp_connect_timeout 30
   router_id LVS_DEVEL
}

virtual_server 192.168.200.100 443 {
    delay_loop 6
    lb_algo rr
    lb_kind NAT
    persistence_timeout 50
    protocol TCP

    real_server 192.168.201.100 443 {
        weight 1
        SSL_GET {
            url {
              path /
              digest ff20ad2481f97b1754ef3e12ecd3a9cc
            }
            connect_port    444
            connect_timeout 3
            retry 3
            delay_before_retry 3
        }
    }
}
SAMPLE_EOF
cat >'debian.IPv6.orig' <<'SAMPLE_EOF'
# Configuration File for keepalived

global_defs {
   router_id LVS_DEVEL
}

virtual_server_group IPv6_group {
    ae00::2-9 80
    ae00::1   80
}

# virtual_server group IPv6_group {
virtual_server ae00::1 80 {
    delay_loop 6
    lb_algo rr
    lb_kind NAT
    persistence_timeout 50
    protocol TCP

#   real_server ae00::10 80 {
    real_server ae00::10 25 {
        weight 1

        SMTP_CHECK {
            connect_timeout 3
            retry 3
            helo_name "foo.bar.com"

#           host {
#               bindto ae00::2
#               connect_ip ae00::10
#               connect_port 25
#           }
        }

#       TCP_CHECK {
#          connect_port 80
#          bind_to ae00::2
#       }

#       HTTP_GET {
#           url {
#             path /ind.html
#             status_code 200
#           }
#           bindto ae00::2
#           connect_timeout 3
#           retry 3
#           delay_before_retry 3
#       }
    }
}
SAMPLE_EOF
cat >'debian.PING_CHECK.orig' <<'SAMPLE_EOF'
! Configuration File for keepalived
! This example demonstrates PING_CHECK, a component of LVS configuration.

global_defs {
   notification_email {
     acassen
   }
   notification_email_from Alexandre.Cassen@firewall.loc
   smtp_server 192.168.200.1
   smtp_connect_timeout 30
   router_id LVS_DEVEL
}

virtual_server 10.10.10.2 1358 {
    delay_loop 6
    lb_algo rr
    lb_kind NAT
    persistence_timeout 50
    protocol UDP

    real_server 192.168.200.6 1358 {
        weight 1
	PING_CHECK {
		retry 4
	}
    }
}
SAMPLE_EOF
cat >'debian.SMTP_CHECK.orig' <<'SAMPLE_EOF'
! Configuration File for keepalived
!
! The SMTP_CHECK connects to a smtp server
! and checks with the following dialogue:
!
! 220 mta1.somecompany.com ESMTP
! HELO foo.bar.com
! 250 mta1.somecompany.com Hello foo.bar.com [192.168.1.45], pleased to meet you
! QUIT
! 221 2.0.0 mta1.somecompany.com closing connection
!
! It specifically checks the numeric codes returned (220, 250, and 221).
!

global_defs {
   notification_email {
     acassen
   }
   notification_email_from Alexandre.Cassen@firewall.loc
   smtp_server 192.168.200.1
   smtp_connect_timeout 30
   router_id LVS_DEVEL
}

virtual_server 192.168.200.100 25 {
    delay_loop 60
    lb_algo rr
    lb_kind NAT
    protocol TCP

! In this real_server example we will simply check
! the ip address of the real_server. This could be
! the case where the real server only has a single
! interface that keepalived is balancing traffic
! to.

    real_server 172.16.1.10 25 {
        weight 1
        SMTP_CHECK {
            connect_timeout 30
            retry 2
            delay_before_retry 5
            helo_name "foo.bar.com"
        }
    }

! In this complex example, the real_server has
! multiple interfaces. Keepalived is sending traffic
! to 172.16.1.11 but the smtp server also routes
! traffic to some additional subnets. We do not
! want to dispatch traffic unless all the interfaces
! appear to be up. Note: The main ip of the real
! server that we are dispatching traffic to must
! explicitly be checked by a host directive.

    real_server 172.16.1.11 25 {
        weight 1
        SMTP_CHECK {
            connect_timeout 10
            retry 2
            delay_before_retry 5
            helo_name foo.bar.com

            host {
                connect_ip 172.16.1.11
            }

            host {
                connect_ip  192.168.155.10
            }

            host {
                connect_ip  64.233.167.99
            }
        }
    }

! Final example showing some of the more extended
! features.
!
! Use connect_port to provide an alternate port
! other than the default 25.
!
! Use bindto to force the connection to originate
! from a specific interface.

    real_server 172.16.1.12 25 {
        weight 1
        SMTP_CHECK {
            connect_timeout 10
            retry 2
            delay_before_retry 5
            helo_name "foo.bar.com"

            host {
                connect_ip 172.16.1.12
                connect_port 25
                bindto 172.16.1.2
            }

            host {
                connect_ip  192.168.155.11
                connect_port 25
                bindto 192.168.155.2
            }

            host {
                connect_ip  64.233.167.100
                connect_port 587
            }
        }
    }
}
SAMPLE_EOF
cat >'debian.SSL_GET.orig' <<'SAMPLE_EOF'
! Configuration File for keepalived

global_defs {
   notification_email {
     acassen
   }
   notification_email_from Alexandre.Cassen@firewall.loc
   smtp_server 192.168.200.1
   smtp_connect_timeout 30
   router_id LVS_DEVEL
}

vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    authentication {
        auth_type AH
        auth_pass 1111
    }
    virtual_ipaddress {
        192.168.200.16
        192.168.200.17
        192.168.200.18
    }
}

virtual_server 192.168.200.100 443 {
    delay_loop 6
    lb_algo rr
    lb_kind NAT
    persistence_timeout 50
    protocol TCP

    real_server 192.168.201.100 443 {
        weight 1
        SSL_GET {
            url {
              path /
              digest ff20ad2481f97b1754ef3e12ecd3a9cc
            }
            url {
              path /mrtg/
              digest 9b3a0c85a887a256d6939da88aabd8cd
            }
            connect_timeout 3
            retry 3
            delay_before_retry 3
        }
    }
}

virtual_server 192.168.200.100 80 {
    delay_loop 6
    lb_algo rr
    lb_kind NAT
    persistence_timeout 50
    protocol TCP

    real_server 192.168.201.100 80 {
        weight 1
        HTTP_GET {
            url {
              path /
              digest ff20ad2481f97b1754ef3e12ecd3a9cc
            }
            url {
              path /mrtg/
              digest 9b3a0c85a887a256d6939da88aabd8cd
            }
            connect_timeout 3
            retry 3
            delay_before_retry 3
        }
    }
}
SAMPLE_EOF
cat >'debian.UDP_CHECK.orig' <<'SAMPLE_EOF'
! Configuration File for keepalived
! This example demonstrates UDP_CHECK, a component of LVS configuration.

global_defs {
   notification_email {
     acassen
   }
   notification_email_from Alexandre.Cassen@firewall.loc
   smtp_server 192.168.200.1
   smtp_connect_timeout 30
   router_id LVS_DEVEL
}

virtual_server 10.10.10.2 1358 {
    delay_loop 6
    lb_algo rr
    lb_kind NAT
    persistence_timeout 50
    protocol UDP

    real_server 192.168.200.6 1358 {
        weight 1
        UDP_CHECK {
		connect_timeout 3
		retry 3
		delay_before_retry 3
!		require_reply
        }
    }
}
SAMPLE_EOF
cat >'debian.fwmark.orig' <<'SAMPLE_EOF'
! Sample configuration for use Linux FWMARK

global_defs {
  router_id io
}

virtual_server fwmark 1 {
  delay_loop 6
  lb_algo rr
  lb_kind NAT
  persistence_timeout 900
  protocol TCP

  real_server 192.168.201.100 {
    weight 1
    TCP_CHECK {
      connect_port    80
      connect_timeout 3
    }
  }

  real_server 192.168.201.101 {
    weight 1
    TCP_CHECK {
      connect_port    80
      connect_timeout 3
    }
  }
}



SAMPLE_EOF
cat >'debian.inhibit.orig' <<'SAMPLE_EOF'
! Configuration File for keepalived

global_defs {
   notification_email {
     acassen
   }
   notification_email_from Alexandre.Cassen@firewall.loc
   smtp_server 192.168.200.1
   smtp_connect_timeout 30
   router_id LVS_DEVEL
}

virtual_server 10.10.10.2 1358 {
    delay_loop 6
    lb_algo rr
    lb_kind NAT
    persistence_timeout 50
    protocol TCP

    real_server 192.168.200.2 1358 {
        weight 1
        inhibit_on_failure        ! set weight to 0 instead of removing service
        HTTP_GET {
            url {
              path /testurl3/test.jsp
              digest 640205b7b0fc66c1ea91c463fac6334d
            }
            connect_timeout 3
            retry 3
            delay_before_retry 3
        }
    }
}
SAMPLE_EOF
cat >'debian.misc_check.orig' <<'SAMPLE_EOF'
! Configuration File for keepalived
! This example demonstrates MISC_CHECK, a component of LVS configuration.

global_defs {
   notification_email {
     acassen
   }
   notification_email_from Alexandre.Cassen@firewall.loc
   smtp_server 192.168.200.1
   smtp_connect_timeout 30
   router_id LVS_DEVEL
}

virtual_server 10.10.10.2 1358 {
    delay_loop 6
    lb_algo rr
    lb_kind NAT
    persistence_timeout 50
    protocol TCP

    real_server 192.168.200.6 1358 {
        weight 1
        MISC_CHECK {
          misc_path /usr/local/bin/script.sh
!         misc_dynamic
        }
    }

}

SAMPLE_EOF
cat >'debian.misc_check_arg.orig' <<'SAMPLE_EOF'
! Configuration File for keepalived

global_defs {
   notification_email {
     acassen
   }
   notification_email_from Alexandre.Cassen@firewall.loc
   smtp_server 192.168.200.1
   smtp_connect_timeout 30
   router_id LVS_DEVEL
}

virtual_server 10.10.10.2 1358 {
    delay_loop 6
    lb_algo rr
    lb_kind NAT
    persistence_timeout 50
    protocol TCP

    real_server 192.168.200.6 1358 {
        weight 1
        MISC_CHECK {
          misc_path "/usr/local/bin/script.sh arg1 arg2"
        }
    }

}

SAMPLE_EOF
cat >'debian.quorum.orig' <<'SAMPLE_EOF'
! Sample configuration for quorum/hysteresis setup.
! The server pool below consists of 10 servers. After
! start, the quorum will not be reached until 9 (7+2)
! live servers are present in the pool (all servers are
! equally weighted, and quorum is the sum of weights).
! Once this happens, a custom script will be executed,
! which supposedly invokes some actions to start
! announcing IP address of the virtual server to the
! world. After that the quorum will not break until
! the pool has 5 (7-2) or more live servers. Pool size
! change from 7 to 6 and back will not trigger a quorum
! flap this way. Once there are less than 5 servers,
! the quorum is considered lost and corresponding
! script is executed, supposedly propagating the
! failure, so necessary actions can be taken.
!
! Due to the alpha mode, all real servers are considered
! down on server start, so the quorum is initially lost.
! Due to the omega mode, quorum_down notifier is executed
! on keepalived shutdown as well (see keepalived.conf
! manpage for details).

virtual_server 10.0.1.1 80 {
  delay_loop 6
  lb_algo wrr
  lb_kind NAT
  persistence_timeout 900
  protocol TCP
  alpha
  omega
  quorum 7
  hysteresis 2
  quorum_up /usr/local/sbin/quorum-up.sh
  quorum_down /usr/local/sbin/quorum-down.sh

  real_server 10.0.0.1 8080 {
    weight 1
    TCP_CHECK {
      connect_port    80
      connect_timeout 3
    }
  }
  real_server 10.0.0.2 8080 {
    weight 1
    TCP_CHECK {
      connect_port    80
      connect_timeout 3
    }
  }
  real_server 10.0.0.3 8080 {
    weight 1
    TCP_CHECK {
      connect_port    80
      connect_timeout 3
    }
  }
  real_server 10.0.0.4 8080 {
    weight 1
    TCP_CHECK {
      connect_port    80
      connect_timeout 3
    }
  }
  real_server 10.0.0.5 8080 {
    weight 1
    TCP_CHECK {
      connect_port    80
      connect_timeout 3
    }
  }
  real_server 10.0.0.6 8080 {
    weight 1
    TCP_CHECK {
      connect_port    80
      connect_timeout 3
    }
  }
  real_server 10.0.0.7 8080 {
    weight 1
    TCP_CHECK {
      connect_port    80
      connect_timeout 3
    }
  }
  real_server 10.0.0.8 8080 {
    weight 1
    TCP_CHECK {
      connect_port    80
      connect_timeout 3
    }
  }
  real_server 10.0.0.9 8080 {
    weight 1
    TCP_CHECK {
      connect_port    80
      connect_timeout 3
    }
  }
  real_server 10.0.0.10 8080 {
    weight 1
    TCP_CHECK {
      connect_port    80
      connect_timeout 3
    }
  }
}
SAMPLE_EOF
cat >'debian.sample.orig' <<'SAMPLE_EOF'
! Configuration File for keepalived

global_defs {
   notification_email {
     acassen
   }
   notification_email_from Alexandre.Cassen@firewall.loc
   smtp_server 192.168.200.1
   smtp_connect_timeout 30
   router_id LVS_DEVEL
}

vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 50
    nopreempt
    priority 100
    advert_int 1
    virtual_ipaddress {
        192.168.200.11
        192.168.200.12
        192.168.200.13
    }
}

virtual_server 10.10.10.2 1358 {
    delay_loop 6
    lb_algo rr
    lb_kind NAT
    persistence_timeout 50
    protocol TCP

    sorry_server 192.168.200.200 1358

    real_server 192.168.200.2 1358 {
        weight 1
        HTTP_GET {
            url {
              path /testurl3/test.jsp
              digest 640205b7b0fc66c1ea91c463fac6334d
            }
            connect_timeout 3
            retry 3
            delay_before_retry 3
        }
    }
}
SAMPLE_EOF
cat >'debian.status_code.orig' <<'SAMPLE_EOF'
! Configuration File for keepalived
! This example demonstrates status_code, a component of LVS configuration.

global_defs {
   notification_email {
     acassen
   }
   notification_email_from Alexandre.Cassen@firewall.loc
   smtp_server 192.168.200.1
   smtp_connect_timeout 30
   router_id LVS_DEVEL
}

virtual_server 192.168.200.100 443 {
    delay_loop 6
    lb_algo rr
    lb_kind NAT
    persistence_timeout 50
    protocol TCP

    real_server 192.168.201.100 443 {
        weight 1
        SSL_GET {
            url {
              path /
              status_code 200-299 400-499 503 505 # Can specify a HTTP status_code or a section separated by '-' or both
            }
            url {
              path /mrtg/
              digest 9b3a0c85a887a256d6939da88aabd8cd
              status_code 200  # Can mix digest and status_code
            }
            connect_timeout 3
            retry 3
            delay_before_retry 3
        }
    }
}
SAMPLE_EOF
cat >'debian.virtual_server_group.orig' <<'SAMPLE_EOF'
! Configuration File for keepalived

global_defs {
   notification_email {
     acassen
   }
   notification_email_from Alexandre.Cassen@firewall.loc
   smtp_server 192.168.200.1
   smtp_connect_timeout 30
   router_id LVS_DEVEL
}

virtual_server_group VSG_1 {
	10.0.0.1 8080
	10.0.0.2 80
	192.168.200.1 1358
	192.168.200.3-10 80
	fwmark 1
	fwmark 2
}

virtual_server group VSG_1 {
    delay_loop 6
    lb_algo rr
    lb_kind NAT
    persistence_timeout 50
    protocol TCP

    real_server 192.168.200.1 1358 {
        weight 1
        HTTP_GET {
            url {
              path /testurl3/test.jsp
              digest 640205b7b0fc66c1ea91c463fac6334d
            }
            connect_timeout 3
            retry 3
            delay_before_retry 3
        }
    }

    real_server 192.168.200.2 1358 {
        weight 1
        HTTP_GET {
            url {
              path /testurl3/test.jsp
              digest 640205b7b0fc66c1ea91c463fac6334d
            }
            connect_timeout 3
            retry 3
            delay_before_retry 3
        }
    }
}
SAMPLE_EOF
cat >'debian.virtualhost.orig' <<'SAMPLE_EOF'
! Configuration File for keepalived

global_defs {
   notification_email {
     acassen
   }
   notification_email_from Alexandre.Cassen@firewall.loc
   smtp_server 192.168.200.1
   smtp_connect_timeout 30
   router_id LVS_DEVEL
}

virtual_server 192.168.200.100 80 {
    delay_loop 6
    lb_algo rr
    lb_kind NAT
    persistence_timeout 50
    protocol TCP
    virtualhost www.firewall.loc    # The VirtualHost string to use
                                    # in the GET query.

    real_server 192.168.201.100 80 {
        weight 1
        SSL_GET {
            url {
              path /
              digest ff20ad2481f97b1754ef3e12ecd3a9cc
            }
            url {
              path /mrtg/
              digest 9b3a0c85a887a256d6939da88aabd8cd
            }
            connect_timeout 3
            retry 3
            delay_before_retry 3
        }
    }
}
SAMPLE_EOF
cat >'debian.vrrp.lvs_syncd.orig' <<'SAMPLE_EOF'
! Configuration File for keepalived

vrrp_sync_group VG1 {
  VI_2
  VI_3
}

vrrp_instance VI_1 {
    state MASTER
    interface eth0
    lvs_sync_daemon_interface eth1
    virtual_router_id 51
    priority 150
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass grr02
    }
    virtual_ipaddress {
        192.168.200.16
        192.168.200.17
        192.168.200.18
    }
}

vrrp_instance VI_2 {
    interface eth0
    virtual_router_id 52
    priority 100
    advert_int 1
    virtual_ipaddress {
        192.168.200.19
        192.168.200.20
        192.168.200.21
    }
}

vrrp_instance VI_3 {
    interface eth1
    virtual_router_id 53
    priority 100
    advert_int 1
    virtual_ipaddress {
        192.168.201.19
        192.168.201.20
        192.168.201.21
    }
}

virtual_server 192.168.200.19 80 {
    delay_loop 20
    lb_algo rr
    lb_kind NAT
    persistence_timeout 50
    protocol TCP

    real_server 192.168.201.100 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
SAMPLE_EOF
DEBIAN="HTTP_GET.port IPv6 PING_CHECK SMTP_CHECK SSL_GET UDP_CHECK fwmark inhibit misc_check misc_check_arg quorum sample status_code virtual_server_group virtualhost vrrp.lvs_syncd"

# ---- vigil's own configs: every virtual_server keyword the table depends on ----
# Not here: persistence_granularity on a virtual_server group (keepalived 2.2.7 drops it;
# vigil applies what is configured) and persistence_engine (the guest has no
# ip_vs_pe_sip module); the unit tests cover both.
cat >vigil.features <<'CONF_EOF'
virtual_server_group G1 {
	10.1.0.1 80
	10.1.0.10-12 8080
	fwmark 11
}
virtual_server group G1 {
	protocol TCP
	lvs_sched sh
	sh-port
	sh-fallback
	lvs_method DR
	persistence_timeout 600
	real_server 10.2.0.1 8080 {
		weight 3
	}
	real_server 10.2.0.2 80 {
		weight 2
		uthreshold 100
		lthreshold 10
	}
}
virtual_server 10.1.0.2 53 {
	protocol UDP
	lvs_sched rr
	ops
	real_server 10.2.0.1 53 {
	}
	real_server 10.2.0.3 5353 {
		lvs_method TUN type gue port 6080 csum
	}
}
virtual_server fwmark 12 {
	lvs_sched mh
	mh-port
	lvs_method TUN
	real_server 10.2.0.4 80 {
		weight 0
	}
}
virtual_server 2001:db8::1 443 {
	protocol SCTP
	lvs_sched wrr
	persistence_timeout 60
	persistence_granularity 64
	real_server 2001:db8:1::1 443 {
		weight 5
	}
}
virtual_server 10.1.0.4 80 {
	protocol TCP
	lvs_sched lblcr
	flag-1
	flag-3
	real_server 10.2.0.5 80 {
	}
	real_server 10.2.0.6 {
	}
}
virtual_server 10.1.0.6 80 {
	protocol TCP
	lvs_sched rr
	persistence_timeout 100
	persistence_granularity 255.255.0.0
	real_server 10.2.0.1 80 {
	}
}
virtual_server fwmark 13 {
	lvs_sched rr
	persistence_timeout 100
	persistence_granularity 255.255.255.0
	real_server 10.2.0.1 80 {
	}
}
virtual_server 10.1.0.5 0 {
	protocol TCP
	lvs_sched fo
	real_server 10.2.0.7 0 {
	}
}
CONF_EOF

# One virtual server per scheduler the guest kernel has (twos needs Linux 6.2).
scheds="rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh"
[ -z "$(find "/lib/modules/$KVER" -name 'ip_vs_twos.ko*')" ] || scheds="$scheds twos"
n=1
: >vigil.schedulers
for s in $scheds; do
	printf 'virtual_server 10.5.0.%d 80 {\n\tprotocol TCP\n\tlvs_sched %s\n\treal_server 10.6.0.1 80 {\n\t}\n}\n' \
		"$n" "$s" >>vigil.schedulers
	n=$((n + 1))
done

# Health-dependent rules, with checkers that fail at once (closed port, alpha): sorry
# server, inhibit_on_failure, sorry_server_inhibit and its forwarding, quorum/hysteresis.
FAILING_CHECK='TCP_CHECK {
			connect_ip 127.0.0.1
			connect_port 9
			connect_timeout 1
		}'
cat >vigil.sorry <<CONF_EOF
virtual_server 10.3.0.1 80 {
	protocol TCP
	lvs_sched rr
	alpha
	sorry_server 10.4.0.9 8080
	real_server 10.4.0.1 80 {
		$FAILING_CHECK
	}
	real_server 10.4.0.2 80 {
		$FAILING_CHECK
	}
}
virtual_server 10.3.0.2 80 {
	protocol TCP
	lvs_sched wrr
	alpha
	inhibit_on_failure
	real_server 10.4.0.1 80 {
		weight 4
		$FAILING_CHECK
	}
	real_server 10.4.0.2 80 {
		weight 2
	}
}
virtual_server 10.3.0.3 80 {
	protocol TCP
	lvs_sched rr
	sorry_server 10.4.0.9 8080
	sorry_server_inhibit
	sorry_server_lvs_method DR
	real_server 10.4.0.1 80 {
	}
}
virtual_server 10.3.0.4 80 {
	protocol TCP
	lvs_sched rr
	quorum 3
	hysteresis 1
	alpha
	sorry_server 10.4.0.9
	real_server 10.4.0.1 80 {
		weight 2
	}
	real_server 10.4.0.2 80 {
		$FAILING_CHECK
	}
}
virtual_server 10.3.0.5 80 {
	protocol TCP
	lvs_sched rr
	alpha
	inhibit_on_failure
	sorry_server 10.4.0.9 80
	real_server 10.4.0.1 80 {
		$FAILING_CHECK
	}
}
CONF_EOF

for n in $DEBIAN; do
	strip_checkers "debian.$n.orig" >"debian.$n"
	compare "debian.$n" "debian.$n"
done
for n in features schedulers sorry; do
	compare "vigil.$n" "vigil.$n"
done

# Ownership: a service added by hand survives vigild's start and stop; -I keeps vigil's.
ipvsadm -C
ipvsadm -A -t 10.9.9.9:80 -s rr
ipvsadm -a -t 10.9.9.9:80 -r 10.9.9.10:80 -m -w 1
table >foreign
"$VIGILD" -n -l -C -f vigil.features -p "$PWD/v.pid" -c "$PWD/v_c.pid" -r "$PWD/v_v.pid" \
	>vigild.own.log 2>&1 &
VG=$!
wait_stable running || true
stop "$VG" vigild
if grep -q -- '-A -t 10.9.9.9:80' running && table | cmp -s - foreign; then
	echo "PASS: ownership: the foreign service was kept, vigil's entries removed at stop"
else
	echo "FAIL: ownership: after stop:"; table | sed 's/^/  /'; fail=1; FAILED="$FAILED ownership"
fi
"$VIGILD" -n -l -C -I -f vigil.features -p "$PWD/v.pid" -c "$PWD/v_c.pid" -r "$PWD/v_v.pid" \
	>vigild.keep.log 2>&1 &
VG=$!
wait_stable running || true
stop "$VG" vigild
if table | cmp -s - running; then
	echo "PASS: -I: the table is kept at stop ($(grep -c '^-A' running) services)"
else
	echo "FAIL: -I: table changed at stop"; table | diff running - | sed 's/^/  /'; fail=1
	FAILED="$FAILED -I"
fi
ipvsadm -C

[ $fail -eq 0 ] || { echo "lvs_samples: failed:$FAILED"; exit 1; }
echo "lvs_samples: ok"
