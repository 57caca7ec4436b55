# Redraws success_by_update_length100.svg from the CSV data alone. Run in this folder: gnuplot success_by_update_length100.gp
# Writes success_by_update_length100-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "success_by_update_length100-gnuplot.svg"
set title "Share of seeds solved by each update, length 100 (dashed: Wilson lower bound)" noenhanced
set xlabel "update" noenhanced
set ylabel "share of seeds solved" noenhanced
set key below left noenhanced
set grid
set ytics ("0" 0.0, "0.2" 0.2, "0.4" 0.4, "0.6" 0.6000000000000001, "0.8" 0.8, "1" 1.0)
set yrange [0.0:1.0]
plot "success_by_update.csv" using (strcol("length") eq "100" && strcol("arm") eq "msgd" && strcol("clip") eq "none" && strcol("clip_threshold") eq "1" && strcol("omega") eq "0" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 7 ps 0.7 pi 4 lc rgb "#0072B2" title "length=100, arm=msgd", \
     "success_by_update.csv" using (strcol("length") eq "100" && strcol("arm") eq "msgd" && strcol("clip") eq "none" && strcol("clip_threshold") eq "1" && strcol("omega") eq "0" ? column("update") : 1/0):(column("rate_lower")) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle, \
     "success_by_update.csv" using (strcol("length") eq "100" && strcol("arm") eq "msgd-c" && strcol("clip") eq "global-norm" && strcol("clip_threshold") eq "1" && strcol("omega") eq "0" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 5 ps 0.7 pi 4 lc rgb "#D55E00" title "length=100, arm=msgd-c", \
     "success_by_update.csv" using (strcol("length") eq "100" && strcol("arm") eq "msgd-c" && strcol("clip") eq "global-norm" && strcol("clip_threshold") eq "1" && strcol("omega") eq "0" ? column("update") : 1/0):(column("rate_lower")) with lines lw 1.6 lc rgb "#D55E00" dt 2 notitle, \
     "success_by_update.csv" using (strcol("length") eq "100" && strcol("arm") eq "msgd-cr" && strcol("clip") eq "global-norm" && strcol("clip_threshold") eq "1" && strcol("omega") eq "2" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 9 ps 0.7 pi 4 lc rgb "#009E73" title "length=100, arm=msgd-cr", \
     "success_by_update.csv" using (strcol("length") eq "100" && strcol("arm") eq "msgd-cr" && strcol("clip") eq "global-norm" && strcol("clip_threshold") eq "1" && strcol("omega") eq "2" ? column("update") : 1/0):(column("rate_lower")) with lines lw 1.6 lc rgb "#009E73" dt 2 notitle
