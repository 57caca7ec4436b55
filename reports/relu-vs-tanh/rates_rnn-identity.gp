# Redraws rates_rnn-identity.svg from the CSV data alone. Run in this folder: gnuplot rates_rnn-identity.gp
# Writes rates_rnn-identity-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "rates_rnn-identity-gnuplot.svg"
set title "rnn-identity: observed rate against initialisation scale" noenhanced
set xlabel "init scale" noenhanced
set ylabel "observed rate (decades per step)" noenhanced
set key outside right top noenhanced
set grid
plot "diagnosis.csv" using (strcol("cell") eq "rnn-identity" && strcol("init") eq "pytorch" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("observed_rate_log10")) with lines lw 1.6 lc rgb "#0072B2" title "init pytorch", \
     "diagnosis.csv" using (strcol("cell") eq "rnn-identity" && strcol("init") eq "orthogonal" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("observed_rate_log10")) with lines lw 1.6 lc rgb "#D55E00" title "init orthogonal", \
     "diagnosis.csv" using (strcol("cell") eq "rnn-identity" && strcol("init") eq "identity" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("observed_rate_log10")) with lines lw 1.6 lc rgb "#009E73" title "init identity"
